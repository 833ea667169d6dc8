"""The Kubernetes manifests in deploy/k8s/: valid against the Kubernetes API's schemas (offline,
the copies kubernetes-validate bundles) and consistent with each other and with server/sizing.py."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

from server import sizing

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
ADAPTER_VALUES = K8S / "metrics" / "prometheus-adapter-values.yaml"
#: The oldest Kubernetes the manifests are written for (preStop's `sleep` is on by default from
#: 1.30) and the newest whose schemas the pinned kubernetes-validate bundles.
VERSIONS = ("1.30", ".".join(kubernetes_validate.latest_version().split(".")[:2]))
#: The image shuts its kernels down within about 20 s of SIGTERM (docs/deploy.md).
KERNELS_STOP_S = 20
METRIC = "explainer_sessions_in_use"
#: Kubernetes quantity suffixes (resource.Quantity), as multipliers of one byte.
BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
SUFFIXES = BINARY | {"k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def load(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def kustomization() -> dict[str, Any]:
    return load(K8S / "kustomization.yaml")[0]


def documents() -> list[tuple[str, dict[str, Any]]]:
    """Every object of every file the kustomization applies, with its file's name."""
    return [(name, doc) for name in kustomization()["resources"] for doc in load(K8S / name)]


DOCUMENTS = documents()


def doc_id(item: tuple[str, dict[str, Any]]) -> str:
    name, doc = item
    return f"{name}:{doc['kind']}/{doc['metadata']['name']}"


def only(kind: str) -> dict[str, Any]:
    found = [doc for _, doc in DOCUMENTS if doc["kind"] == kind]
    assert len(found) == 1, f"deploy/k8s/ should hold one {kind}, not {len(found)}"
    return found[0]


def pod() -> dict[str, Any]:
    return dict(only("Deployment")["spec"]["template"])


def container() -> dict[str, Any]:
    containers = pod()["spec"]["containers"]
    assert len(containers) == 1, "one container per pod: the Voila server"
    return dict(containers[0])


def env() -> dict[str, str]:
    return {item["name"]: item["value"] for item in container().get("env", [])}


def container_port(port: int | str) -> int:
    """A container port given by number or by name, as a probe or a Service names it."""
    ports = {p.get("name"): p["containerPort"] for p in container()["ports"]}
    number = ports.get(port) if isinstance(port, str) else port
    assert number in ports.values(), f"port {port!r} is none of the container's {ports}"
    return int(number)


def quantity(text: str | int) -> int:
    """A Kubernetes quantity ("3584Mi", "4G", "1073741824") in bytes."""
    text = str(text)
    for suffix, factor in sorted(SUFFIXES.items(), key=lambda item: -len(item[0])):
        if text.endswith(suffix):
            return int(float(text.removesuffix(suffix)) * factor)
    return int(float(text))


def annotations(kind: str) -> dict[str, str]:
    return dict(only(kind)["metadata"].get("annotations", {}))


# -- The files and the schemas --


def test_every_manifest_file_is_applied():
    """kustomization.yaml lists every manifest in deploy/k8s/ and nothing that is missing."""
    listed = set(kustomization()["resources"])
    present = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert present - listed == set(), f"not in kustomization.yaml: {sorted(present - listed)}"
    assert listed - present == set(), f"listed but missing: {sorted(listed - present)}"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("item", DOCUMENTS, ids=doc_id)
def test_manifest_matches_the_kubernetes_schema(item, version):
    """Each object is valid for the Kubernetes API, strictly: no unknown field, no missing one, no
    API version the cluster no longer serves."""
    _name, doc = item
    try:
        kubernetes_validate.validate(doc, version, strict=True)
    except kubernetes_validate.ValidationError as e:
        pytest.fail(f"{doc_id(item)} on {version}: {'.'.join(map(str, e.path))}: {e.message}")
    except kubernetes_validate.SchemaNotFoundError as e:
        pytest.fail(e.message)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        pytest.param(
            ("containers", 0, "readinesProbe"),
            {"httpGet": {"path": "/healthz", "port": "http"}},
            id="misspelt-field",
        ),
        pytest.param(("containers", 0, "ports", 0, "containerPort"), "8866", id="port-as-text"),
        pytest.param(("terminationGracePeriodSeconds",), "45s", id="seconds-as-duration"),
    ],
)
def test_the_schema_check_rejects_a_broken_deployment(where, value):
    """The validation is real: a misspelt field or a value of the wrong type fails it."""
    broken = copy.deepcopy(only("Deployment"))
    parent = broken["spec"]["template"]["spec"]
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[0], strict=True)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("3584Mi", 3584 * 2**20),
        ("4Gi", 4 * 2**30),
        ("4G", 4 * 10**9),
        ("1500000000", 1_500_000_000),
    ],
)
def test_quantities_are_read_as_kubernetes_reads_them(text, size):
    """The memory figures below are compared in bytes: binary and decimal suffixes differ."""
    assert quantity(text) == size


# -- Memory and the session cap --


def test_one_worker_per_pod_with_an_explicit_cap():
    """The pod runs one worker (pods are what scales) and states its session cap."""
    assert env().get("WORKERS") == "1"
    assert int(env()["MAX_SESSIONS"]) >= 1


@pytest.mark.parametrize("bound", ["requests", "limits"])
def test_memory_holds_the_session_cap(bound):
    """By server/sizing.py's arithmetic (the server, its pool, 120 MB a session, a quarter free),
    the pod's memory request and limit each hold MAX_SESSIONS sessions: the kernel's OOM killer
    never takes a visitor's page before the busy page shows."""
    memory = quantity(container()["resources"][bound]["memory"])
    cap, workers = int(env()["MAX_SESSIONS"]), int(env()["WORKERS"])
    fits = sizing.sessions_for(memory, workers=workers)
    assert fits >= cap, f"{bound}.memory holds {fits} sessions, MAX_SESSIONS is {cap}"


def test_memory_request_is_the_limit():
    """The scheduler reserves the whole memory the cap is sized from; no node overcommits it."""
    resources = container()["resources"]
    assert quantity(resources["requests"]["memory"]) == quantity(resources["limits"]["memory"])


def test_tmp_is_a_sized_volume_outside_the_memory_budget():
    """/tmp, the one writable place of a read-only root, is an emptyDir with a size limit, on disk:
    a tmpfs (medium Memory) would count against the memory limit the cap is sized from."""
    mounts = {m["mountPath"]: m["name"] for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in pod()["spec"]["volumes"]}
    tmp = volumes[mounts["/tmp"]]["emptyDir"]
    assert quantity(tmp["sizeLimit"]) > 0
    assert tmp.get("medium", "") != "Memory"


# -- The autoscaler --


def test_deployment_leaves_the_replica_count_to_the_autoscaler():
    """No `replicas` in the Deployment: `kubectl apply` would reset the autoscaler's count, and a
    lower count ends the sessions on the pods removed."""
    assert only("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": only("Deployment")["metadata"]["name"],
    }
    assert "replicas" not in only("Deployment")["spec"]


def test_autoscaler_target_is_below_the_cap():
    """The autoscaler adds pods on sessions in use per pod, at most 80 % of the cap, so the rest
    of the room takes the visitors who arrive while a new pod starts."""
    spec = only("HorizontalPodAutoscaler")["spec"]
    (metric,) = spec["metrics"]
    assert metric["type"] == "Pods"
    assert metric["pods"]["metric"]["name"] == METRIC
    target, cap = metric["pods"]["target"], int(env()["MAX_SESSIONS"])
    assert target["type"] == "AverageValue"
    assert 0 < quantity(target["averageValue"]) <= 0.8 * cap, f"target {target}, cap {cap}"
    assert spec["minReplicas"] >= 2, "one pod lost must leave another for the visitors' reloads"


def test_autoscaler_removes_pods_slowly():
    """Scaling down ends the sessions of the pod removed: one pod at a time, after a quiet while."""
    down = only("HorizontalPodAutoscaler")["spec"]["behavior"]["scaleDown"]
    assert down["stabilizationWindowSeconds"] >= 600
    assert all(p["type"] == "Pods" and p["value"] == 1 for p in down["policies"])


def test_adapter_rule_publishes_the_autoscalers_metric():
    """The Prometheus adapter's rule publishes, per pod, the metric the autoscaler asks for."""
    (values,) = load(ADAPTER_VALUES)
    (rule,) = values["rules"]["custom"]
    assert rule["seriesQuery"].startswith(METRIC + "{")
    assert rule["name"]["as"] == METRIC
    assert rule["resources"]["overrides"]["pod"] == {"resource": "pod"}


def test_pods_are_scraped_on_the_metrics_path():
    """The pod's scrape annotations name /metrics on the container's port."""
    notes = pod()["metadata"]["annotations"]
    assert notes["prometheus.io/scrape"] == "true"
    assert notes["prometheus.io/path"] == "/metrics"
    assert container_port(int(notes["prometheus.io/port"])) == int(env()["PORT"])


# -- Probes and stopping --


@pytest.mark.parametrize("probe", ["startupProbe", "readinessProbe", "livenessProbe"])
def test_probes_ask_healthz_on_the_server_port(probe):
    """Every probe asks /healthz (starts no kernel, 200 when full) on the port the server listens
    on; never `/`, where each request takes a kernel."""
    check = container()[probe]["httpGet"]
    assert check["path"] == "/healthz"
    assert container_port(check["port"]) == int(env()["PORT"])


def test_termination_grace_covers_the_kernels_stop():
    """The kubelet waits for preStop and for the kernels to shut down before it kills the pod."""
    pre_stop = container()["lifecycle"]["preStop"]["sleep"]["seconds"]
    grace = pod()["spec"]["terminationGracePeriodSeconds"]
    assert grace >= pre_stop + KERNELS_STOP_S + 5, f"{grace} s of grace, {pre_stop} s preStop"


# -- Security --


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("runAsNonRoot", True),
        ("readOnlyRootFilesystem", True),
        ("allowPrivilegeEscalation", False),
        ("capabilities", {"drop": ["ALL"]}),
        ("seccompProfile", {"type": "RuntimeDefault"}),
    ],
)
def test_container_runs_locked_down(field, expected):
    """The container's security settings (its own, else the pod's) are the restricted ones."""
    settings = pod()["spec"].get("securityContext", {}) | container().get("securityContext", {})
    assert settings.get(field) == expected


def containerfile(instruction: str) -> list[str]:
    """The arguments of each of the Containerfile's lines that start with `instruction`."""
    lines = (ROOT / "Containerfile").read_text(encoding="utf-8").splitlines()
    return [line.split(None, 1)[1] for line in lines if line.startswith(instruction + " ")]


def test_pod_runs_as_the_images_user():
    """The image's own user and group (the Containerfile's USER), never root; no API token."""
    user, group = containerfile("USER")[-1].split(":")
    security = pod()["spec"]["securityContext"]
    assert (security["runAsUser"], security["runAsGroup"]) == (int(user), int(group))
    assert int(user) != 0 and int(group) != 0
    assert pod()["spec"]["automountServiceAccountToken"] is False


def test_the_pod_listens_where_the_image_does():
    assert containerfile("EXPOSE") == [env()["PORT"]]
    assert "PORT=8866" in (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert container()["ports"][0]["containerPort"] == int(env()["PORT"])


def test_namespace_enforces_the_restricted_standard():
    """The namespace refuses pods that break the restricted Pod Security Standard."""
    labels = only("Namespace")["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert kustomization()["namespace"] == only("Namespace")["metadata"]["name"]


# -- Wiring: labels, ports, the Ingress --


def selectors() -> list[Any]:
    spread = pod()["spec"]["topologySpreadConstraints"]
    found = [
        ("Deployment", only("Deployment")["spec"]["selector"]["matchLabels"]),
        ("Service", only("Service")["spec"]["selector"]),
        ("PodDisruptionBudget", only("PodDisruptionBudget")["spec"]["selector"]["matchLabels"]),
        *(("topologySpreadConstraints", c["labelSelector"]["matchLabels"]) for c in spread),
    ]
    return [pytest.param(owner, selector, id=owner) for owner, selector in found]


@pytest.mark.parametrize(("owner", "selector"), selectors())
def test_selectors_match_the_pods(owner, selector):
    """The Deployment, the Service, the disruption budget and the spread all select the pods."""
    labels = pod()["metadata"]["labels"]
    assert selector, f"{owner} selects nothing"
    assert selector.items() <= labels.items(), f"{owner} selects {selector}, pods have {labels}"


def test_service_reaches_the_server_port():
    """The Service sends to the container's port, and the Ingress to the Service's port."""
    service = only("Service")
    (port,) = service["spec"]["ports"]
    assert container_port(port["targetPort"]) == int(env()["PORT"])
    (rule,) = only("Ingress")["spec"]["rules"]
    backends = [path["backend"]["service"] for path in rule["http"]["paths"]]
    assert backends == [{"name": service["metadata"]["name"], "port": {"name": port["name"]}}]


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("affinity", "cookie"),
        # "balanced" moves visitors to new pods when the autoscaler adds some: they lose kernels.
        ("affinity-mode", "persistent"),
        ("session-cookie-path", "/"),
        ("session-cookie-change-on-failure", "true"),
        ("proxy-buffering", "off"),
        ("enable-access-log", "false"),
    ],
)
def test_ingress_keeps_each_visitor_on_their_pod(annotation, expected):
    """ingress-nginx keeps a visitor on the pod that holds their kernel, streams the page, and
    logs no query string (a link's query holds a visitor's answers)."""
    assert annotations("Ingress").get(f"nginx.ingress.kubernetes.io/{annotation}") == expected


def test_ingress_cookie_is_not_the_workers_cookie():
    """The affinity cookie has its own name: `explainer_route` belongs to the nginx of
    `make serve WORKERS=N` (server/workers.py), which would overwrite it."""
    name = annotations("Ingress")["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert name and name != "explainer_route"


@pytest.mark.parametrize("timeout", ["proxy-read-timeout", "proxy-send-timeout"])
def test_ingress_keeps_idle_websockets_open(timeout):
    """A visitor reads for many minutes between clicks: an idle kernel websocket lasts an hour."""
    assert int(annotations("Ingress")[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 3600


def test_public_url_is_the_ingress_host():
    """PUBLIC_URL, which the presenter shows the room, is the Ingress's host, over TLS."""
    url = urlsplit(env()["PUBLIC_URL"])
    (rule,) = only("Ingress")["spec"]["rules"]
    (tls,) = only("Ingress")["spec"]["tls"]
    assert url.scheme == "https"
    assert url.hostname == rule["host"]
    assert rule["host"] in tls["hosts"] and tls["secretName"]


def test_kustomization_sets_a_fixed_image():
    """kustomization.yaml names the container's image and pins a tag or digest, not `latest`."""
    (image,) = kustomization()["images"]
    assert image["name"] == container()["image"]
    pin = str(image.get("newTag") or image.get("digest") or "latest")
    assert pin != "latest", "a fixed tag or digest: every pod of a rollout runs one release"
