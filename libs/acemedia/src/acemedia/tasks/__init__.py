"""Following a job: reading a reply or task record (one rule for every dialect), the guidance blocks,
result shapes, the poll throttle, the shared task tools, inline waits and their progress."""
