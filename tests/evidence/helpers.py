"""Small real files for the evidence tests: a minimal text PDF written by hand (no PDF library
writes text), and a folder mixing good news items with broken files."""

from __future__ import annotations

import shutil
from pathlib import Path


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII, Helvetica)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 11 Tf 40 780 Td 14 TL ({safe}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PDF_NEWS = ("Ordos has teamed up with Shanghai Jiao Tong University on a RMB 450 million pilot base for green "
            "hydrogen and grid-scale storage, part of a push to shift the Hohhot-Baotou-Ordos industrial "
            "cluster towards low-carbon energy.")


def mixed_folder(root: Path, news_dev: Path, names=("n003", "n030", "n014", "n043")) -> Path:
    """Good news items (one as GB18030, one as HTML, one as PDF) and an empty, a binary, an
    undecodable file and a truncated PDF."""
    folder = root / "mixed"
    (folder / "sub").mkdir(parents=True)
    for n in names:
        shutil.copy(news_dev / f"{n}.txt", folder / f"{n}.txt")
    zh = (news_dev / "n037.txt").read_text(encoding="utf-8")
    (folder / "sub" / "n037-gb.txt").write_bytes(zh.encode("gb18030"))
    en = (news_dev / "n010.txt").read_text(encoding="utf-8")
    (folder / "sub" / "n010.html").write_text(
        f"<html><head><title>Site</title><script>var x=1;</script></head><body><nav>Home</nav>"
        f"<h1>Gui'an deal</h1><p>{en}</p></body></html>", encoding="utf-8")
    (folder / "sub" / "ordos.pdf").write_bytes(make_pdf(PDF_NEWS))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "undecodable.txt").write_bytes(b"\xef\xbb\xbf" + "青海盐湖".encode("gb18030") * 20)
    (folder / "truncated.pdf").write_bytes(make_pdf(PDF_NEWS)[:300])
    return folder


BROKEN = {"empty.txt", "binary.txt", "undecodable.txt", "truncated.pdf"}


def observe_dask(monkeypatch) -> list[dict]:
    """Record what every Dask run of the evidence pipeline does, one entry per
    `cluster.dask_client` opened: "sent", the tasks as `scale.tasks_of` made them (each a list
    of chunks of files); "ran", the worker address of every analysis task the scheduler's task
    stream saw completed; "pids", each worker's process id."""
    from contextlib import contextmanager

    from dask.distributed import get_task_stream

    import coopwatch.cluster as cluster
    from coopwatch.evidence import scale

    runs: list[dict] = []
    real_client, real_tasks_of = cluster.dask_client, scale.tasks_of

    def tasks_of(*args, **kwargs):
        tasks = real_tasks_of(*args, **kwargs)
        runs[-1]["sent"] = tasks
        return tasks

    @contextmanager
    def observed(*args, **kwargs):
        import os

        with real_client(*args, **kwargs) as client:
            runs.append({"sent": None, "pids": client.run(os.getpid)})
            with get_task_stream(client=client) as stream:
                yield client
            runs[-1]["ran"] = [r["worker"] for r in stream.data if str(r["key"]).startswith("_analyse_task")]

    monkeypatch.setattr(cluster, "dask_client", observed)
    monkeypatch.setattr(scale, "tasks_of", tasks_of)
    return runs
