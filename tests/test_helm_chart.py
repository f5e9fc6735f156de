"""The Helm chart sketch (deploy/helm/zicht), checked without Helm and without a cluster:
its templates are rendered by a small stand-in for Helm's renderer that knows only the
few constructs the chart uses (and refuses any other, so the chart stays within what is
checked here), parsed as YAML, and held to the rules of running Zicht: not root, a
read-only root file system, probes on /health/live and /health/ready/web, settings from a
Secret, the field keys from a Secret of their own, no volume of the chart's own. Not
checked here: ``helm lint``, the Kubernetes API's schemas, a real cluster."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "deploy" / "helm" / "zicht"
ACTION = re.compile(r"(\s*)\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)


def _lookup(term: str, context: dict):
    if term.startswith('"'):
        return term.strip('"')
    if term.isdigit():
        return int(term)
    if not term.startswith("."):
        raise ValueError(f"the chart uses a construct this check does not know: {term!r}")
    value = context
    for part in term[1:].split("."):
        value = value[part]
    return value


def _pipeline(expression: str, context: dict):
    stages = [stage.strip() for stage in expression.split("|")]
    words = stages[0].split()
    if words[0] == "toYaml":
        value = yaml.safe_dump(_lookup(words[1], context), sort_keys=False).rstrip("\n")
    elif len(words) == 1:
        value = _lookup(words[0], context)
    else:
        raise ValueError(f"unknown construct: {stages[0]!r}")
    for stage in stages[1:]:
        name, *args = stage.split()
        if name == "quote":
            value = '"' + str(value).replace('"', '\\"') + '"'
        elif name == "default":
            value = value or _lookup(args[0], context)
        elif name == "nindent":
            pad = " " * int(args[0])
            value = "\n" + "\n".join(pad + line for line in str(value).splitlines())
        else:
            raise ValueError(f"unknown function: {name!r}")
    return value


def render(text: str, context: dict) -> str:
    """Helm's {{ }} for the chart's subset: values, quote, default, toYaml | nindent,
    if/else/end, and the whitespace trimming of {{- and -}}."""
    out: list[str] = []
    emitting = [True]  # one entry per open if: does its current branch print?
    taken: list[bool] = []
    position, trim_next = 0, False
    for match in ACTION.finditer(text):
        space, left, expression, right = match.groups()
        literal = text[position : match.start()] + ("" if left else space)
        if trim_next:
            literal = literal.lstrip()
        if all(emitting):
            out.append(literal)
        position, trim_next = match.end(), bool(right)
        word = expression.split()[0]
        if word == "if":
            condition = bool(_pipeline(expression[2:], context)) if all(emitting) else False
            emitting.append(condition)
            taken.append(condition)
        elif word == "else":
            emitting[-1] = not taken[-1]
        elif word == "end":
            emitting.pop()
            taken.pop()
        elif word.startswith("/*"):
            continue
        elif all(emitting):
            out.append(str(_pipeline(expression, context)))
    rest = text[position:]
    out.append(rest.lstrip() if trim_next else rest)
    assert len(emitting) == 1, "an if without its end"
    return "".join(out)


def rendered(**values) -> dict[tuple[str, str], dict]:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    for path, value in values.items():
        node = defaults
        *parents, leaf = path.split("__")
        for parent in parents:
            node = node[parent]
        node[leaf] = value
    context = {
        "Values": defaults,
        "Release": {"Name": "zicht", "Namespace": "zicht", "Revision": 3},
        "Chart": {
            "Name": chart["name"],
            "AppVersion": chart["appVersion"],
            "Version": chart["version"],
        },
    }
    objects = {}
    for template in sorted((CHART / "templates").glob("*.yaml")):
        for document in yaml.safe_load_all(render(template.read_text(), context)):
            if document:
                objects[(document["kind"], document["metadata"]["name"])] = document
    return objects


def pod(objects, kind: str, name: str) -> dict:
    return objects[(kind, name)]["spec"]["template"]["spec"]


def env_of(container: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in container.get("env", [])}


@pytest.fixture(scope="module")
def objects():
    return rendered()


def test_the_chart_renders_a_web_and_a_worker_deployment_a_service_and_a_migration(objects):
    assert sorted(objects) == [
        ("ConfigMap", "zicht-env"),
        ("Deployment", "zicht-web"),
        ("Deployment", "zicht-worker"),
        ("Job", "zicht-migrate-3"),
        ("Service", "zicht-web"),
    ]
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert chart["apiVersion"] == "v2" and chart["appVersion"] == version
    web = pod(objects, "Deployment", "zicht-web")["containers"][0]
    assert web["image"] == f"registry.example.nl/zicht:{version}"  # tag: the appVersion
    assert web["args"] == ["zicht", "serve", "--no-collectstatic"]
    assert pod(objects, "Deployment", "zicht-worker")["containers"][0]["args"] == [
        "zicht",
        "worker",
    ]


def test_every_pod_runs_as_the_images_user_not_root_on_a_read_only_root(objects):
    assert "USER 10001:10001" in (ROOT / "Dockerfile").read_text()
    for kind, name in [
        ("Deployment", "zicht-web"),
        ("Deployment", "zicht-worker"),
        ("Job", "zicht-migrate-3"),
    ]:
        spec = pod(objects, kind, name)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == 10001
        assert spec["automountServiceAccountToken"] is False
        for container in spec["containers"]:
            assert container["securityContext"] == {
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
                "capabilities": {"drop": ["ALL"]},
            }
            # What Zicht writes goes to emptyDirs: /data (ZICHT_DATA_DIR) and /tmp.
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            assert mounts == {"/data", "/tmp"}  # noqa: S108 (paths in the pod)


def test_the_web_pods_are_probed_on_the_health_endpoints_with_an_allowed_host(objects):
    spec = pod(objects, "Deployment", "zicht-web")
    (web,) = spec["containers"]
    assert web["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert web["startupProbe"]["httpGet"]["path"] == "/health/live"
    # Without the worker check: a stopped worker must not take every web pod out.
    assert web["readinessProbe"]["httpGet"]["path"] == "/health/ready/web"
    allowed = objects[("ConfigMap", "zicht-env")]["data"]["ALLOWED_HOSTS"].split(",")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        (host,) = web[probe]["httpGet"]["httpHeaders"]
        assert host["name"] == "Host" and host["value"] in allowed  # else Django says 400
    assert web["ports"] == [{"name": "http", "containerPort": 8000}]

    service = objects[("Service", "zicht-web")]["spec"]
    assert service["ports"][0]["targetPort"] == "http"
    labels = objects[("Deployment", "zicht-web")]["spec"]["template"]["metadata"]["labels"]
    worker = objects[("Deployment", "zicht-worker")]["spec"]["template"]["metadata"]["labels"]
    assert service["selector"].items() <= labels.items()
    assert not service["selector"].items() <= worker.items()  # the worker gets no traffic


def test_settings_come_from_a_secret_and_the_field_keys_from_a_secret_of_their_own(objects):
    for kind, name in [
        ("Deployment", "zicht-web"),
        ("Deployment", "zicht-worker"),
        ("Job", "zicht-migrate-3"),
    ]:
        (container,) = pod(objects, kind, name)["containers"]
        assert {"secretRef": {"name": "zicht-env"}} in container["envFrom"]
        keys = env_of(container)["ZICHT_FIELD_KEYS"]["valueFrom"]["secretKeyRef"]
        assert keys == {"name": "zicht-field-keys", "key": "ZICHT_FIELD_KEYS"}
    config = objects[("ConfigMap", "zicht-env")]["data"]
    assert not {"SECRET_KEY", "DATABASE_URL", "ZICHT_FIELD_KEYS"} & set(config)
    assert all(isinstance(value, str) for value in config.values())


def test_only_the_migrate_job_migrates(objects):
    def migrate(kind, name):
        return env_of(pod(objects, kind, name)["containers"][0])["ZICHT_MIGRATE"]["value"]

    assert migrate("Job", "zicht-migrate-3") == "true"
    assert migrate("Deployment", "zicht-web") == migrate("Deployment", "zicht-worker") == "false"


def test_the_chart_makes_no_volume_of_its_own_and_mounts_an_uploads_claim_when_named(objects):
    assert not [kind for kind, _ in objects if kind == "PersistentVolumeClaim"]
    for name in ("zicht-web", "zicht-worker"):
        volumes = pod(objects, "Deployment", name)["volumes"]
        assert all("emptyDir" in volume for volume in volumes)

    claimed = rendered(uploads__existingClaim="zicht-uploads")
    for name in ("zicht-web", "zicht-worker"):
        spec = pod(claimed, "Deployment", name)
        assert {"name": "uploads", "persistentVolumeClaim": {"claimName": "zicht-uploads"}} in (
            spec["volumes"]
        )
        assert {"name": "uploads", "mountPath": "/data/private"} in (
            spec["containers"][0]["volumeMounts"]
        )


def test_the_stand_in_renderer_refuses_what_it_does_not_know():
    with pytest.raises(ValueError):
        render('{{ include "zicht.labels" . }}', {})
    with pytest.raises(ValueError):
        render("{{ .Values.x | b64enc }}", {"Values": {"x": "y"}})
