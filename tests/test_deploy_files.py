"""The deployment files say what the README promises: two replicas, Redis, a load balancer, probes on
/health, the keys in a Secret, resource requests and a disruption budget."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from acemedia_testing import require_program

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def manifests() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def test_compose_runs_two_replicas_on_one_redis_behind_the_balancer() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    replicas = [name for name, s in services.items() if "build" in s]
    assert len(replicas) == 2 and "redis" in services and "balancer" in services
    for name in replicas:
        env = services[name]["environment"]
        assert env["ACEMEDIA_REDIS_URL"] == "redis://redis:6379/0"
        assert env["MCP_OAUTH_STATE_KEY"].startswith("${MCP_OAUTH_STATE_KEY:?")  # never a key in the file
        assert services[name]["build"]["context"] == ".."
        # OAuth is switched on from the operator's shell, never hard-coded
        assert env["MCP_SERVER_URL"] == "${MCP_SERVER_URL:-}"
        assert env["ACEDATACLOUD_OAUTH_CLIENT_ID"] == "${ACEDATACLOUD_OAUTH_CLIENT_ID:-}"
    assert services["balancer"]["ports"] == ["8000:8000"]
    config = (DEPLOY / "haproxy.cfg").read_text()
    assert "balance roundrobin" in config and "stick-table" not in config and "cookie" not in config
    assert sorted(re.findall(r"server (\S+) \1:8000", config)) == sorted(replicas)


@pytest.mark.e2e
def test_the_balancer_config_is_valid_haproxy() -> None:
    haproxy = require_program("haproxy")
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_kubernetes_runs_two_probed_replicas_with_the_keys_in_a_secret() -> None:
    found = manifests()
    deployment = found[("Deployment", "veo-mcp")]
    assert deployment["spec"]["replicas"] >= 2
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    env = {e["name"]: e for e in container["env"]}
    secret_ref = env["MCP_OAUTH_STATE_KEY"]["valueFrom"]["secretKeyRef"]
    secret = found[("Secret", secret_ref["name"])]
    assert secret_ref["key"] in secret["stringData"]
    redis_service = env["ACEMEDIA_REDIS_URL"]["value"].split("//")[1].split(":")[0]
    assert ("Service", redis_service) in found and ("Deployment", redis_service) in found
    labels = pod["metadata"]["labels"]
    assert found[("Service", "veo-mcp")]["spec"]["selector"] == labels
    budget = found[("PodDisruptionBudget", "veo-mcp")]
    assert budget["spec"]["selector"]["matchLabels"] == labels and budget["spec"]["minAvailable"] >= 1
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True


def test_kubernetes_turns_oauth_on_for_its_public_https_name() -> None:
    from acemedia.http.oauth import OAuthSettings

    found = manifests()
    container = found[("Deployment", "veo-mcp")]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    client_ref = env["ACEDATACLOUD_OAUTH_CLIENT_ID"]["valueFrom"]["secretKeyRef"]
    assert client_ref["key"] in found[("Secret", client_ref["name"])]["stringData"]
    settings = OAuthSettings.from_env(
        {"MCP_SERVER_URL": env["MCP_SERVER_URL"]["value"], "ACEDATACLOUD_OAUTH_CLIENT_ID": "from-the-secret"}
    )
    assert settings is not None and settings.server_url.startswith("https://")
    assert settings.public_host == env["ACEMEDIA_ALLOWED_HOSTS"]["value"]
