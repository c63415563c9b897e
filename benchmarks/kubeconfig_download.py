"""3) Kubeconfig download, ECDSA and RSA: key generation, CSR, the signing
round trip (CA GET + CSR POST to Magnum), rendering, and the whole download
through coe_backend and through Horizon's POST."""
import time

from coe_backend.render import kubeconfig
from coe_backend.render.kubeconfig import KeyType
from devcloud.seed import CLUSTER_NAME

from benchmarks.horizon_inprocess import checked
from benchmarks.report import Result, Table, count, ms, verdict
from benchmarks.stats import Figure, measure, timed

LOCAL_TARGET_SECONDS = 0.010
USER = "demo"
KEYGEN, CSR, CA_GET, SIGN, RENDER = (
    "key generation", "CSR", "CA GET (Magnum)", "CSR POST (Magnum signs)",
    "rendering (PEM, YAML, cert details)")
ROUND_TRIP = "signing round trip (CA GET + CSR POST)"
LOCAL = "local work (key + CSR + rendering)"
LOCAL_CPU = "local work, CPU time of the thread"
SUM = "sum of the steps"
END_TO_END = "render_kubeconfig() end to end"
HORIZON = "Horizon POST kubeconfig/ (in-process)"


def run(bench):
    client = bench.demo.client()
    cluster = next(c for c in client.list_clusters().items if c.name == CLUSTER_NAME)
    found, horizon_calls = {}, {}
    for key_type in KeyType:
        found[key_type.value], horizon_calls[key_type.value] = _key_type(
            bench, client, cluster, key_type)

    table = Table("3) Kubeconfig download: ms = median [min–max] ±stdev",
                  ("step", *(k.upper() for k in found)))
    for step in (KEYGEN, CSR, CA_GET, SIGN, RENDER, ROUND_TRIP, LOCAL, LOCAL_CPU, SUM,
                 END_TO_END, HORIZON):
        table.add(step, *(ms(figures[step]) for figures in found.values()))
    ecdsa = found[KeyType.ECDSA.value]
    local = ecdsa[LOCAL_CPU].median
    met = local < LOCAL_TARGET_SECONDS
    table.notes += [
        "render_kubeconfig() also reads the cluster and its template (2 more Magnum calls); "
        "Horizon's POST adds the view's own cluster read and the form. Magnum calls per "
        "Horizon POST: " + ", ".join(f"{k.upper()} {count(c)}" for k, c in horizon_calls.items()),
        "local work is pure computation: its CPU time is what it costs; its wall time also "
        "counts the waits for a core on a busy machine.",
        f"target ECDSA local work < {LOCAL_TARGET_SECONDS * 1e3:.0f} ms: {local * 1e3:.1f} ms "
        f"CPU ({ecdsa[LOCAL].median * 1e3:.1f} ms wall) {verdict(met)}"]
    return Result("kubeconfig", [table], {"cluster": cluster.uuid, "steps": found,
                                          "horizon_post_magnum_calls": horizon_calls,
                                          "target_met": met})


def _key_type(bench, client, cluster, key_type):
    """({step: Figure} over the runs after one untimed warm-up run, Magnum
    calls per Horizon POST)."""
    per_run = [_download_in_steps(client, cluster, key_type) for _ in range(bench.runs + 1)][1:]

    def total(*steps):
        return Figure.of(sum(run[s] for s in steps) for run in per_run)
    figures = {step: total(step) for step in (KEYGEN, CSR, CA_GET, SIGN, RENDER)}
    figures[ROUND_TRIP] = total(CA_GET, SIGN)
    figures[LOCAL] = total(KEYGEN, CSR, RENDER)
    figures[LOCAL_CPU] = total(LOCAL_CPU)
    figures[SUM] = total(KEYGEN, CSR, CA_GET, SIGN, RENDER)
    figures[END_TO_END] = measure(
        bench.runs, lambda: client.render_kubeconfig(cluster.uuid, key_type=key_type)).seconds
    horizon = measure(bench.runs, lambda: checked(bench.horizon.post(
        f"/project/clusters/{cluster.uuid}/kubeconfig/",
        {"format": "certificate", "key_type": key_type.value})), bench.recorder)
    figures[HORIZON] = horizon.seconds
    return figures, horizon.count(lambda c: c.service == "magnum")


def _download_in_steps(client, cluster, key_type):
    """One download done step by step, as render_kubeconfig does it:
    {step: seconds}, with the CPU time of the local steps."""
    took = {}
    cpu = time.thread_time()
    took[KEYGEN], key = timed(kubeconfig.generate_key, key_type)
    took[CSR], csr = timed(kubeconfig.build_csr, key, USER)
    cpu = time.thread_time() - cpu
    took[CA_GET], ca = timed(client.get_ca_certificate, cluster.uuid)
    took[SIGN], signed = timed(client.sign_certificate, cluster.uuid, csr)
    cpu -= time.thread_time()
    took[RENDER], _ = timed(_render, cluster, ca.pem, signed.pem, key, key_type)
    took[LOCAL_CPU] = cpu + time.thread_time()
    return took


def _render(cluster, ca_pem, cert_pem, key, key_type):
    key_pem = kubeconfig.key_to_pem(key)
    config = kubeconfig.render_certificate_kubeconfig(
        cluster.name, cluster.api_address, USER, ca_pem, cert_pem, key_pem)
    return config, kubeconfig.describe_certificate(cert_pem, key_type)
