"""Office templates are untrusted: a .docx (or a catalogue body) cannot run code, write files or
hang the counter, and `desa katalog periksa` names the template that tries."""

import json
import zipfile
from pathlib import Path

import pytest
import segno
import yaml
from conftest import SITI, copy_bundled, snapshot
from docx import Document

from desa_cli.verifikasi_web import gambar_qr, isi_qr


@pytest.fixture
def office(kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return kantor


def pasang_logo(office: Path) -> bytes:
    logo = office / "logo.png"
    segno.make("LOGO").save(str(logo), kind="png", scale=4)
    path = office / "kantor.yaml"
    data = yaml.safe_load(path.read_bytes())
    data["logo"] = "logo.png"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return logo.read_bytes()


def ajukan(run, tmp_path) -> str:
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(SITI, allow_unicode=True), "utf-8")
    result = run("ajukan", "domisili", "--data", str(path), "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def templat_kantor(office: Path, text: str) -> Path:
    """The office's own surat.docx, overriding the bundled one, with `text` as its only paragraph."""
    path = office / "templates_surat" / "surat.docx"
    path.parent.mkdir(exist_ok=True)
    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def berkas_arsip(office: Path) -> list:
    return [p for p in (office / "arsip").rglob("*") if p.is_file()]


# {marker} is a file the payload would create; each text is what a hostile office could send.
_LEWAT_RENDER = "{{% if qr is defined %}}{{{{ qr.tpl.render({{}}) }}}}{{% else %}}{{{{ {0} }}}}{{% endif %}}"
_TOUCH = "os.system('touch {marker}')"
JAHAT = {
    "qr.tpl.render": "{{ qr.tpl.render({}) }}",
    "qr.tpl.save": "{{ qr.tpl.save('{marker}') }}",
    "qr['tpl'].save": "{{ qr['tpl'].save('{marker}') }}",
    "logo.tpl": "{{ logo.tpl }}",
    "qr by another name": "{% set q = qr %}{{ q.tpl.save('{marker}') }}",
    "logo.tpl.save": "{{ logo.tpl.save('{marker}') }}",
    # Inside qr.tpl.render the template runs again in docxtpl's own, unsandboxed environment.
    "render+cycler": _LEWAT_RENDER.format("cycler.__init__.__globals__." + _TOUCH),
    "render+joiner": _LEWAT_RENDER.format("joiner.__init__.__globals__." + _TOUCH),
    "render+namespace": _LEWAT_RENDER.format("namespace.__init__.__globals__." + _TOUCH),
    "render+lipsum": _LEWAT_RENDER.format("lipsum.__globals__." + _TOUCH),
    "cycler": "{{ cycler.__init__.__globals__." + _TOUCH + " }}",
    "joiner": "{{ joiner.__init__.__globals__." + _TOUCH + " }}",
    "namespace": "{{ namespace.__init__.__globals__." + _TOUCH + " }}",
    "lipsum": "{{ lipsum.__globals__." + _TOUCH + " }}",
    "|attr('__class__')": "{{ pemohon|attr('__class__') }}",
    "|attr('tpl')": "{{ (qr|attr('tpl')).save('{marker}') }}",
    "str.format": "{{ '{{0.__class__}}'.format(pemohon) }}",
    "str.format_map": "{{ '{{x.__class__}}'.format_map({'x': pemohon}) }}",
    "range(10**7)": "{% for i in range(10**7) %}x{% endfor %}",
    "nested ranges": "{% for i in range(1000) %}{% for j in range(1000) %}x{% endfor %}{% endfor %}",
    "10**(10**10)": "{{ 10**(10**10) }}",
}


@pytest.mark.parametrize("text", list(JAHAT.values()), ids=list(JAHAT))
def test_hostile_template_is_refused_and_nothing_runs_or_is_written(run, office, tmp_path, text):
    if "logo" in text:
        pasang_logo(office)
    marker = tmp_path / "ditulis-templat"
    templat_kantor(office, text.replace("{marker}", marker.as_posix()))
    noreg = ajukan(run, tmp_path)
    before = snapshot(office / "data")

    result = run("cetak", noreg)

    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Templat surat.docx ditolak" in lines[0] and "tidak diizinkan" in lines[0]
    assert "Traceback" not in result.stderr and "Kesalahan tak terduga" not in result.stderr
    assert not marker.exists()
    assert berkas_arsip(office) == []
    assert snapshot(office / "data") == before
    assert json.loads(run("lihat", noreg, "--json").stdout)["status"] == "lengkap"

    checked = run("katalog", "periksa")
    assert checked.exit_code != 0
    assert "surat.docx" in checked.stderr and "tidak diizinkan" in checked.stderr, checked.stderr
    assert not marker.exists()


def test_hostile_catalogue_body_is_refused_and_reported(run, office, tmp_path):
    path = copy_bundled("keterangan-domisili", office / "katalog")
    text = path.read_text(encoding="utf-8")
    start = text.index("  isi: |-")
    path.write_text(text[:start] + "  isi: \"{{ '{0.__class__}'.format(pemohon) }}\"\n", encoding="utf-8")
    noreg = ajukan(run, tmp_path)
    before = snapshot(office / "data")
    result = run("cetak", noreg)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "keterangan-domisili.yaml ditolak" in lines[0], result.stderr
    assert berkas_arsip(office) == [] and snapshot(office / "data") == before
    checked = run("katalog", "periksa")
    assert checked.exit_code != 0
    assert (
        "keterangan-domisili.yaml" in checked.stderr and "surat.isi: memakai hal yang tidak diizinkan" in checked.stderr
    )


def test_bundled_letter_still_has_its_qr_code_and_logo(run, office, tmp_path):
    logo = pasang_logo(office)
    noreg = ajukan(run, tmp_path)
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    with zipfile.ZipFile(data["berkas"]) as docx:
        media = {name: docx.read(name) for name in docx.namelist() if name.startswith("word/media/")}
        body = docx.read("word/document.xml").decode("utf-8")
    qr = gambar_qr(isi_qr({"nama": "Desa Bacem"}, data))  # a standard QR (tests/test_qr_verifikasi.py)
    assert sorted(media.values()) == sorted([qr, logo])
    assert body.count("<w:drawing>") == 2 and data["kode_verifikasi"] in body
    assert "{{" not in body and "Markup" not in body


def test_bundled_templates_are_called_clean(run, office):
    result = run("katalog", "periksa")
    assert result.exit_code == 0, result.stderr
    assert "tidak diizinkan" not in result.stderr + result.stdout


# --- the environment itself ------------------------------------------------------------------


def isi(source: str, **context) -> str:
    from desa_cli.surat import jinja_env

    return jinja_env(autoescape=False).from_string(source).render(context)


def test_plain_data_works_as_before():
    assert isi("{{ a.nama }}|{{ a.nama.upper() }}|{{ a.tidak_ada }}|{{ a['nama'] }}", a={"nama": "siti"}) == (
        "siti|SITI||siti"
    )
    assert isi("{% for k, v in a.items() %}{{ loop.index }}{{ k }}={{ v }};{% endfor %}", a={"x": 1, "y": 2}) == (
        "1x=1;2y=2;"
    )
    assert isi("{{ d[1:] | join(',') }} {{ '%03d' | format(7) }} {{ 2**10 }} {{ 'ab' * 3 }}", d=[1, 2, 3]) == (
        "2,3 007 1024 ababab"
    )
    assert isi("{{ '%(n)05d' | format(n=7) }} {{ '%-6s|' | format('ab') }}") == "00007 ab    |"
    assert isi("[{{ kosong[0] }}{{ kosong.nama }}{{ kosong['nama'] }}{{ n.nama }}]", kosong=None, n=3) == "[]"
    assert isi("{% for g in d | groupby('k') %}{{ g.grouper }}{{ g.list | length }}{% endfor %}", d=[{"k": "a"}]) == (
        "a1"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ x.__class__ }}",
        "{{ x['__class__'] }}",
        "{{ x.format }}",
        "{{ x.center(10**9) }}",
        "{{ x.zfill(10) }}",
        "{{ n.to_bytes(9, 'big') }}",
        "{{ d.pop('a') }}",
        "{{ d | map(attribute='__class__') | list }}",
        "{{ d | attr('items') }}",
        "{{ range.start }}",
        "{{ dict.fromkeys }}",
        "{{ 'x' * 10**6 }}",
        "{{ 3 ** 100000 }}",
        "{{ '%09999d' | format(1) }}",
        "{% for i in range(100001) %}{% endfor %}",
        "{% for i in range(10**30) %}{% endfor %}",
        "{{ x.striptags() }}",
    ],
)
def test_environment_refuses(source):
    from jinja2.sandbox import SecurityError

    with pytest.raises(SecurityError):
        isi(source, x="teks", n=5, d={"a": 1})
