"""Environment variables, declared once (name, type, default, bounds, meaning), and the settings built from them.

A group is a pydantic model whose fields carry the variable's name as their alias. `read` validates a
group from an environment (`os.environ` unless given) and turns a refusal into a `ConfigError` that
names the variable and what it allows. HTTP mode's groups are in `hosted_settings`, loaded only there.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo

from .errors import ConfigError
from .tokens import token_problem

DEFAULT_BASE_URL = "https://api.acedata.cloud"
# pauses between the wait tools' polls: short at first, then every 10 s
DEFAULT_WAIT_INTERVALS = (2.0, 3.0, 5.0, 8.0, 10.0)
# the wait tools' default budget: when the client listens for progress, and when it does not
DEFAULT_WAIT_BUDGETS = (110.0, 50.0)
# seconds an idle upstream connection is kept for reuse: below the 5 s keep-alive of uvicorn (the
# simulator, the sandbox) and of common proxies, so a connection is dropped before the far end drops it
DEFAULT_KEEPALIVE_EXPIRY = 4.0
PROVIDER = "<PROVIDER>"  # in a variable's name: the provider's name in capitals (VEO_REQUEST_TIMEOUT)
T = TypeVar("T")
G = TypeVar("G", bound="Variables")


class Allowed(str):
    """What a type accepts, in words (`Annotated` metadata), for the error messages and the README."""


class Refused(ValueError):
    """A check's own reason ("must start with https://, got ..."), shown after the variable's name."""


def split(value: object) -> object:  # comma-separated items, blank ones skipped
    return tuple(p.strip() for p in value.split(",") if p.strip()) if isinstance(value, str) else value


def _numbers(value: object) -> object:  # comma-separated numbers: a blank one is an error
    return tuple(p.strip() for p in value.split(",")) if isinstance(value, str) else value


def _whole(value: object) -> object:  # digits only: no sign, fraction or underscore
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError(value)
    return value


def _ledger(value: object) -> object:  # off, 0, false, no or none: no ledger
    return None if isinstance(value, str) and value.lower() in ("off", "0", "false", "no", "none") else value


def switch(*words: str) -> BeforeValidator:
    """On for one of `words` (any case), off for anything else."""
    return BeforeValidator(lambda value: value if isinstance(value, bool) else str(value).lower() in words)


def _token(value: str) -> str:
    if value and (problem := token_problem(value)):
        raise Refused(
            f"{problem}; set it to the token exactly as platform.acedata.cloud shows it (printable ASCII, "
            "no spaces)"
        )
    return value


def _api_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise Refused(f"must start with http:// or https://, got {public_url(value)!r}")
    return value.rstrip("/")


def _redis(value: str) -> str:
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise Refused(f"must start with redis://, rediss:// or unix://, got a {value.split(':')[0]!r} URL")
    return value


Token = Annotated[str, AfterValidator(_token), Allowed("printable ASCII, no spaces")]
Seconds = Annotated[float, Allowed("a number of seconds")]
Whole = Annotated[int, BeforeValidator(_whole), Allowed("a whole number")]
Items = Annotated[tuple[str, ...], BeforeValidator(split), Allowed("comma-separated")]
Flag = Annotated[bool, switch("1", "true", "yes", "on"), Allowed("`1`, `true`, `yes` or `on`")]
Intervals = Annotated[
    tuple[Annotated[float, Field(gt=0)], ...],
    BeforeValidator(_numbers),
    Allowed("comma-separated seconds like 2,3,5,8,10, each greater than 0"),
]
Budget = Annotated[float, Field(gt=0, le=600)]
Budgets = Annotated[
    tuple[Budget, Budget],
    BeforeValidator(_numbers),
    Allowed("two budgets in seconds like 110,50, each greater than 0 and at most 600"),
]
Ledger = Annotated[str | None, BeforeValidator(_ledger), Allowed("a file path, or `off`")]
RedisUrl = Annotated[str, AfterValidator(_redis), Allowed("a `redis://`, `rediss://` or `unix://` URL")]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOG_LEVELS: tuple[str, ...] = get_args(LogLevel)


def var(
    name: str, default: Any, *, doc: str, shown: str = "", also: tuple[str, ...] = (), **bounds: Any
) -> Any:
    """One variable: its name, default and one-line meaning, with pydantic's bounds (gt, ge, le, ...).
    `shown` is the default as the README puts it; `also` are older names read when this one is unset."""
    extra: dict[str, Any] = {"shown": shown, "also": list(also)}
    return Field(default, alias=name, description=doc, json_schema_extra=extra, **bounds)


class Variables(BaseModel):
    """A group of variables, validated on its own when its part of the server starts."""

    model_config = ConfigDict(frozen=True, defer_build=True)


# fmt: off
class ServerVariables(Variables):
    """Every server: the upstream, its timeouts, the pace of polling and waiting, the task ledger."""

    api_token: Token = var("ACEDATACLOUD_API_TOKEN", "", shown="(none)",
        doc="API token from platform.acedata.cloud. Without it, calls fail with a clear error (HTTP mode: "
        "callers may send their own)")
    base_url: Annotated[str, AfterValidator(_api_url), Allowed("an http(s) URL")] = var(
        "ACEDATACLOUD_API_BASE_URL", DEFAULT_BASE_URL, doc="upstream API address")
    # unset (0.0, which no one can set): the provider's own `default_timeout`
    request_timeout: Seconds = var(f"{PROVIDER}_REQUEST_TIMEOUT", 0.0, gt=0, shown="per provider",
        doc="read timeout of a submission: `VEO_REQUEST_TIMEOUT`, `SORA_REQUEST_TIMEOUT`, ...")
    log_level: Annotated[LogLevel, BeforeValidator(str.upper)] = var("LOG_LEVEL", "INFO",
        doc="what the server logs, to stderr (or `--log-level`)")
    min_poll_interval: Seconds = var("ACEMEDIA_MIN_POLL_INTERVAL", 5.0, ge=0, doc="seconds between two "
        "polls of one unfinished task before the server holds a poll back; `0` turns it off")
    connect_timeout: Seconds = var("ACEMEDIA_CONNECT_TIMEOUT", 10.0, gt=0, doc="connect timeout")
    query_timeout: Seconds = var("ACEMEDIA_QUERY_TIMEOUT", 60.0, gt=0,
        doc="read timeout of task queries (never more than the request timeout)")
    wait_intervals: Intervals = var("ACEMEDIA_WAIT_INTERVALS", DEFAULT_WAIT_INTERVALS, min_length=1,
        doc="pauses between the wait tools' upstream polls (the last one repeats)")
    wait_budgets: Budgets = var("ACEMEDIA_WAIT_SECONDS", DEFAULT_WAIT_BUDGETS, doc="the wait tools' default "
        "budget when the client listens for progress, and when it does not")
    # unset (""): in the user's cache directory
    ledger_path: Ledger = var("ACEMEDIA_LEDGER", "", shown="`~/.cache/acemedia/tasks.sqlite3`",
        doc="where the task ledger lives")
    max_waits: Whole = var("ACEMEDIA_MAX_WAITS_PER_CALLER", 8, ge=1, doc="waits (`<p>_wait_for_task(s)`) "
        "one caller may hold at once; one more is refused with `too_many_waits`")


class SandboxVariables(Variables):
    """Sandbox mode: the built-in simulator stands in for the API."""

    sandbox: Flag = var("ACEMEDIA_SANDBOX", False, doc="the same as `--sandbox`")
    job_seconds: Seconds = var("ACEMEDIA_SANDBOX_JOB_SECONDS", 8.0, ge=0, le=86_400,
        doc="how long a simulated job takes in sandbox mode")


class MediaVariables(Variables):
    """Saving finished media, and the player page."""

    output_dir: Annotated[str, Allowed("a folder")] = var("ACEMEDIA_OUTPUT_DIR", "", shown="unset (saving "
        "off)", doc="folder that `<p>_save_media` saves finished media into; created on first save")
    save_over_http: Flag = var("ACEMEDIA_SAVE_OVER_HTTP", False, doc="in HTTP mode saving stays off even "
        "with `ACEMEDIA_OUTPUT_DIR` unless this is on (a hosted server writes no files for its callers)")
    max_download_mb: Annotated[float, Allowed("a number of MiB")] = var("ACEMEDIA_MAX_DOWNLOAD_MB", 1024.0,
        gt=0, doc="size cap of one saved file; a bigger file is refused and nothing is left behind")
    download_timeout: Seconds = var("ACEMEDIA_DOWNLOAD_TIMEOUT", 600.0, gt=0,
        doc="deadline of one file's download")
    private_hosts: Items = var("ACEMEDIA_PRIVATE_MEDIA_HOSTS", (), doc="`host:port` pairs that may be "
        "downloaded from although they are loopback or private (self-hosted media, tests); sandbox mode "
        "adds its own simulator")
    media_origins: Items = var("ACEMEDIA_MEDIA_ORIGINS", (),
        doc="extra origins for the player page's CSP (`https://*.acedata.cloud` is always there)")


class StoreVariables(Variables):
    """Where state replicas share lives (a stdio server may keep its ledger there too); its key is in
    `hosted_settings`."""

    redis_url: RedisUrl = var("ACEMEDIA_REDIS_URL", "", also=("MCP_OAUTH_REDIS_URL",), doc="the shared "
        "store: the task ledger, poll marks and sign-ins live in this Redis, shared by every replica behind a "
        "load balancer; needs `MCP_OAUTH_STATE_KEY` and `pip install 'acemedia-core[hosted]'`")
# fmt: on


def names(info: FieldInfo, provider: str = PROVIDER) -> list[str]:
    """A variable's names: its own (for one provider), then the older ones it still answers to."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    also = extra.get("also")
    older = [str(name) for name in also] if isinstance(also, list) else []
    return [str(info.alias).replace(PROVIDER, provider), *older]


def variable(group: type[Variables], field: str) -> str:
    return names(group.model_fields[field])[0]


def default(group: type[Variables], field: str) -> Any:
    return group.model_fields[field].default


def allowed(info: FieldInfo) -> str:
    """What a variable accepts, in words: "a number of seconds, greater than 0", "one of a, b"."""
    if get_origin(info.annotation) is Literal:
        return "one of " + ", ".join(str(choice) for choice in get_args(info.annotation))
    text = next((str(m) for m in reversed(info.metadata) if isinstance(m, Allowed)), "text")
    bound = {k: getattr(m, k) for m in info.metadata for k in ("gt", "ge", "le") if hasattr(m, k)}
    if "gt" in bound:
        return f"{text}, greater than {bound['gt']:g}"
    if "le" in bound:
        return f"{text}, from {bound['ge']:g} to {bound['le']:g}"
    return f"{text}, {bound['ge']:g} or more" if "ge" in bound else text


def read(group: type[G], environ: Mapping[str, str] | None = None, *only: str, provider: str = PROVIDER) -> G:
    """`group`'s variables (only those named in `only`, if any) from `environ`, else `os.environ`; unset
    and blank ones take their defaults. `provider` fills in the names with `<PROVIDER>` in them."""
    env = os.environ if environ is None else environ
    given: dict[str, str] = {}  # by alias
    used: dict[str, str] = {}  # alias -> the name it was read under
    for field, info in group.model_fields.items():
        for name in names(info, provider) if not only or field in only else ():
            if raw := env.get(name, "").strip():
                given[str(info.alias)], used[str(info.alias)] = raw, name
                break
    try:
        return group.model_validate(given)
    except ValidationError as refused:
        fields = {str(info.alias): info for info in group.model_fields.values()}
        reasons = []
        for error in refused.errors():
            alias = str(error["loc"][0])
            reason = error.get("ctx", {}).get("error")
            if not isinstance(reason, Refused):
                reason = f"must be {allowed(fields[alias])}, got {given[alias]!r}"
            reasons.append(f"{used[alias]} {reason}")
        raise ConfigError("; ".join(dict.fromkeys(reasons))) from None


@dataclass(frozen=True)
class Settings:
    """Everything a server process needs to reach the upstream API and pace its polling."""

    api_token: str
    base_url: str
    request_timeout: float
    connect_timeout: float
    query_timeout: float
    min_poll_interval: float
    log_level: str
    ledger_path: str | None = None  # None: the task ledger is off
    wait_intervals: tuple[float, ...] = DEFAULT_WAIT_INTERVALS
    keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY
    wait_budgets: tuple[float, float] = DEFAULT_WAIT_BUDGETS  # (listening for progress, not listening)

    @classmethod
    def from_env(
        cls, prefix: str, default_timeout: float, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """The `ServerVariables`, with `<PREFIX>_REQUEST_TIMEOUT` (default: `default_timeout`)."""
        found = read(ServerVariables, environ, provider=prefix)
        timeout = found.request_timeout or default_timeout
        ledger = found.ledger_path
        if ledger == "":
            from .ledger.store import default_ledger_path

            ledger = str(default_ledger_path())
        values = found.model_dump(exclude={"max_waits"})
        values.update(
            request_timeout=timeout, query_timeout=min(timeout, found.query_timeout), ledger_path=ledger
        )
        return cls(**values)


def public_url(url: str) -> str:
    """`url` with any password replaced by ***, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


REDIS_ENVS = tuple(names(StoreVariables.model_fields["redis_url"]))


def redis_url(environ: Mapping[str, str] | None = None) -> str | None:
    """The shared store's address (`ACEMEDIA_REDIS_URL`, or the existing servers' `MCP_OAUTH_REDIS_URL`)."""
    return read(StoreVariables, environ, "redis_url").redis_url or None


def env_default(name: str, fallback: T, allowed: Any = None, environ: Mapping[str, str] | None = None) -> T:
    """A tool parameter default that the user may override with environment variable `name`.

    `allowed` is a `Literal[...]` type (or a sequence) the value must belong to; ints are parsed
    when the fallback is an int. A bad value stops the server at start with a message naming
    the variable and the allowed values.
    """
    env = os.environ if environ is None else environ
    raw = env.get(name, "").strip()
    if not raw:
        return fallback
    choices = tuple(get_args(allowed)) if allowed is not None and get_args(allowed) else tuple(allowed or ())
    value: Any = raw
    if isinstance(fallback, bool):
        raise TypeError("boolean defaults are not configurable")
    if isinstance(fallback, int):
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if choices and value not in choices:
        shown = ", ".join(str(c) for c in choices)
        raise ConfigError(f"{name} must be one of: {shown}; got {raw!r}")
    return value  # type: ignore[no-any-return]
