"""Priority by law (issue 17): the vulnerable groups' place in the fair queue, visible and recorded."""

import datetime as dt
import json

import pytest
import yaml
from conftest import SITI, register_isi

from desa_cli import audit, prioritas

# A man born 12 March 1950: 76 on the office's day (NIK: no +40 on the day, so male).
KAKEK = {**SITI, "nik": "3505011203500002", "nama": "Darmo", "tanggal_lahir": "1950-03-12", "jenis_kelamin": "L"}


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T09:00:00")
    (tmp_path / "siti.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    (tmp_path / "kakek.yaml").write_text(yaml.safe_dump(KAKEK), encoding="utf-8")
    return kantor


def ajukan(run, tmp_path, *extra, siapa="siti"):
    result = run("ajukan", "domisili", "--data", str(tmp_path / f"{siapa}.yaml"), "--ada", "semua", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def events(office):
    return register_isi(office / "data")[1]


def told(event):
    """The sentence `desa riwayat` shows for an event (its table wraps long ones)."""
    from desa_cli.peristiwa import ringkas_peristiwa

    return ringkas_peristiwa(event)


def periksa_bersih(run):
    result = run("periksa")
    assert result.exit_code == 0, result.stdout + result.stderr


# --- taking the application -----------------------------------------------------------


def test_ajukan_records_the_group_in_the_application_and_its_event(run, office, tmp_path):
    record = ajukan(run, tmp_path, "--prioritas", "lansia", siapa="kakek")
    assert record["prioritas"] == "lansia"
    assert events(office)[-1]["data"]["prioritas"] == "lansia"
    assert told(events(office)[-1]).endswith(", layanan prioritas lansia")
    plain = ajukan(run, tmp_path)
    assert "prioritas" not in plain  # an ordinary application is stored as before
    periksa_bersih(run)


def test_an_unknown_group_is_a_usage_error(run, office, tmp_path):
    result = run("ajukan", "domisili", "--data", str(tmp_path / "siti.yaml"), "--prioritas", "kerabat")
    assert result.exit_code == 2 and "kerabat" in result.stderr
    assert not list((office / "data").glob("permohonan-*.json"))


def test_an_elderly_applicant_is_offered_lansia_at_a_terminal_never_set_without_a_yes(
    run, office, tmp_path, monkeypatch
):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    args = ("ajukan", "domisili", "--data", str(tmp_path / "kakek.yaml"), "--ada", "semua")
    # The optional fields the data file leaves empty are asked first (nine of them), then the offer.
    declined = run(*args, input="\n" * 10)  # Enter alone: no
    assert declined.exit_code == 0, declined.stderr
    assert "Pemohon berusia 76 tahun" in declined.stdout and "[y/T]" in declined.stdout
    accepted = run(*args, input="\n" * 9 + "y\n")
    assert accepted.exit_code == 0, accepted.stderr
    rows = {r["noreg"]: r for r in register_isi(office / "data")[0]}
    assert rows["2026-00001"].get("prioritas") is None
    assert rows["2026-00002"]["prioritas"] == "lansia"
    # A younger applicant is asked nothing about priority.
    young = run("ajukan", "domisili", "--data", str(tmp_path / "siti.yaml"), "--ada", "semua", input="\n" * 9)
    assert young.exit_code == 0 and "prioritas" not in young.stdout
    periksa_bersih(run)


def test_without_a_terminal_the_age_sets_nothing(run, office, tmp_path):
    assert "prioritas" not in ajukan(run, tmp_path, siapa="kakek")


@pytest.mark.parametrize(
    ("born", "offered"),
    [
        ("1966-11-20", ("lansia", 60)),  # 60 today
        ("1966-11-21", None),  # 60 tomorrow
        ("2008-11-21", ("anak", 17)),
        ("2008-11-20", None),  # 18 today
        ("", ("lansia", 76)),  # no birth date taken: the NIK's
    ],
)
def test_the_offer_follows_the_age_by_law(born, offered):
    pemohon = {"nik": "3505011203500002", "tanggal_lahir": born}
    assert prioritas.tawaran(pemohon, dt.date(2026, 11, 20)) == offered


def test_a_nik_that_cannot_be_read_offers_nothing():
    assert prioritas.tawaran({"nik": "12", "tanggal_lahir": None}, dt.date(2026, 11, 20)) is None


# --- the order of the queue -----------------------------------------------------------


def test_priority_comes_first_in_daftar_then_arrival(run, office, tmp_path):
    first = ajukan(run, tmp_path)["noreg"]
    second = ajukan(run, tmp_path)["noreg"]
    hamil = ajukan(run, tmp_path, "--prioritas", "hamil")["noreg"]
    lansia = ajukan(run, tmp_path, "--prioritas", "lansia", siapa="kakek")["noreg"]
    shown = [r["noreg"] for r in json.loads(run("daftar", "--json").stdout)]
    assert shown == [hamil, lansia, first, second]


def test_printing_a_priority_application_ahead_is_not_out_of_turn_and_the_event_says_why(run, office, tmp_path):
    first = ajukan(run, tmp_path)["noreg"]
    ajukan(run, tmp_path)
    hamil = ajukan(run, tmp_path, "--prioritas", "hamil")["noreg"]
    result = run("cetak", hamil)
    assert result.exit_code == 0 and result.stderr == ""
    event = events(office)[-1]
    assert (event["aksi"], event["noreg"]) == ("cetak", hamil)
    assert event["catatan"] == {"prioritas": {"grup": "hamil", "mendahului": 2, "tertua": first}}
    assert "layanan prioritas hamil (UU 25/2009 Pasal 29): didahulukan dari 2 permohonan" in told(event)
    assert "Pasal 29" in run("riwayat", hamil).stdout
    periksa_bersih(run)


def test_printing_an_ordinary_one_ahead_of_a_waiting_priority_one_warns(run, office, tmp_path):
    first = ajukan(run, tmp_path)["noreg"]
    lansia = ajukan(run, tmp_path, "--prioritas", "lansia", siapa="kakek")["noreg"]
    result = run("cetak", first)
    assert result.exit_code == 0
    assert (
        f"1 permohonan lengkap harus dilayani lebih dulu, 1 di antaranya layanan prioritas; yang pertama {lansia}"
        in result.stderr
    )
    event = events(office)[-1]
    assert event["catatan"] == {"antrean": {"menunggu": 1, "tertua": lansia, "pilihan": "lanjut", "prioritas": 1}}
    assert told(event).endswith(
        f"mendahului 1 permohonan lengkap yang menunggu, 1 di antaranya layanan prioritas (yang tertua {lansia})"
    )
    periksa_bersih(run)


def test_among_priority_applications_arrival_still_holds(run, office, tmp_path):
    ajukan(run, tmp_path)
    one = ajukan(run, tmp_path, "--prioritas", "disabilitas")["noreg"]
    two = ajukan(run, tmp_path, "--prioritas", "bencana")["noreg"]
    result = run("cetak", two)
    assert f"1 di antaranya layanan prioritas; yang pertama {one}" in result.stderr


def test_cetak_semua_prints_priority_first_each_with_its_reason(run, office, tmp_path):
    first = ajukan(run, tmp_path)["noreg"]
    anak = ajukan(run, tmp_path, "--prioritas", "anak")["noreg"]
    result = run("cetak", "--semua", "--json")
    assert result.exit_code == 0, result.stderr
    assert [r["noreg"] for r in json.loads(result.stdout)] == [anak, first]
    cetak = [e for e in events(office) if e["aksi"] == "cetak"]
    assert cetak[0]["catatan"]["prioritas"]["grup"] == "anak"
    assert "catatan" not in cetak[1]  # nobody waited before it any more
    periksa_bersih(run)


# --- setting or removing it later ------------------------------------------------------


def test_set_and_remove_later_with_a_reason_each_its_own_event(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)["noreg"]
    result = run("prioritas", noreg, "disabilitas", "--alasan", "Memakai kursi roda, terlewat saat pengajuan")
    assert result.exit_code == 0, result.stderr
    assert "layanan prioritas penyandang disabilitas" in result.stdout
    event = events(office)[-1]
    assert event["aksi"] == "prioritas" and event["data"]["prioritas"] == "disabilitas"
    assert json.loads(run("lihat", noreg, "--json").stdout)["prioritas"] == "disabilitas"
    removed = run("prioritas", noreg, "--hapus", "--alasan", "Salah pilih pemohon", "--json")
    assert removed.exit_code == 0 and json.loads(removed.stdout)["prioritas"] is None
    set_, removed_ = events(office)[-2:]
    assert told(set_) == "ditandai layanan prioritas disabilitas; alasan: Memakai kursi roda, terlewat saat pengajuan"
    assert told(removed_) == "tanda prioritas dihapus; alasan: Salah pilih pemohon"
    assert "tanda prioritas dihapus" in run("riwayat", noreg).stdout
    assert [r["noreg"] for r in json.loads(run("daftar", "--json").stdout)] == [noreg]
    periksa_bersih(run)


def test_the_later_command_refuses_what_it_cannot_do(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)["noreg"]
    assert run("prioritas", noreg, "--alasan", "x").exit_code == 2  # neither GRUP nor --hapus
    assert run("prioritas", noreg, "lansia", "--hapus", "--alasan", "x").exit_code == 2
    assert run("prioritas", noreg, "lansia").exit_code == 2  # --alasan is required
    empty = run("prioritas", noreg, "lansia", "--alasan", "  ")
    assert empty.exit_code == 1 and "Alasan wajib diisi" in empty.stderr
    nothing = run("prioritas", noreg, "--hapus", "--alasan", "x")
    assert nothing.exit_code == 1 and "tidak bertanda prioritas" in nothing.stderr
    assert run("prioritas", noreg, "lansia", "--alasan", "Usia 70").exit_code == 0
    again = run("prioritas", noreg, "lansia", "--alasan", "Usia 70")
    assert again.exit_code == 1 and "sudah bertanda prioritas lansia" in again.stderr
    assert run("cetak", noreg).exit_code == 0
    closed = run("prioritas", noreg, "--hapus", "--alasan", "Terlambat")
    assert closed.exit_code == 1 and "hanya bisa diubah selama permohonan masih terbuka" in closed.stderr
    assert "Traceback" not in closed.stderr
    periksa_bersih(run)


def test_help_lists_it_under_permohonan(run):
    assert "desa prioritas [OPTIONS] NOREG [GRUP]" in run("prioritas", "--help").stdout.replace("Cara pakai:", "")
    text = run("--help").stdout
    block = text.split("\nPermohonan:\n")[1].split("\n\n")[0]
    assert "prioritas" in block


# --- the board, the report, the audit ----------------------------------------------------


def test_the_board_shows_prioritas_beside_the_number_never_the_group(run, office, tmp_path):
    assert run("papan").exit_code == 0
    ajukan(run, tmp_path)
    hamil = ajukan(run, tmp_path, "--prioritas", "hamil")["noreg"]
    ajukan(run, tmp_path, "--prioritas", "disabilitas")
    html = (office / "papan" / "index.html").read_text(encoding="utf-8")
    assert f'<td class="noreg">{hamil} <span class="tanda">prioritas</span></td>' in html
    assert html.count('<span class="tanda">prioritas</span>') == 2
    assert "hamil" not in html and "disabilitas" not in html
    assert "layanan prioritas dulu, lalu menurut urutan datang" in html
    assert html.index(hamil) < html.index("2026-00001")


def test_laporan_counts_priority_services_per_group_with_their_on_time_share(run, office, tmp_path):
    lansia = ajukan(run, tmp_path, "--prioritas", "lansia", siapa="kakek")["noreg"]
    ajukan(run, tmp_path, "--prioritas", "lansia", siapa="kakek")
    ajukan(run, tmp_path, "--prioritas", "hamil")
    ajukan(run, tmp_path)
    assert run("cetak", lansia).exit_code == 0
    rows = json.loads(run("laporan", "--json").stdout)
    assert rows[-1]["prioritas"] == {
        "lansia": {"diterima": 2, "selesai": 1, "tepat_waktu": 1, "persen_tepat": 100.0},
        "hamil": {"diterima": 1, "selesai": 0, "tepat_waktu": 0, "persen_tepat": None},
    }
    assert all("prioritas" not in r for r in rows[:-1])
    shown = run("laporan", "--csv", str(tmp_path / "lap.csv"))
    assert shown.exit_code == 0, shown.stderr
    assert "lanjut usia (60 tahun ke atas): 2 diterima, 1 selesai, 1 tepat waktu (100,0%)" in shown.stdout
    assert "ibu hamil: 1 diterima, 0 selesai, 0 tepat waktu (-)" in shown.stdout
    assert "prioritas" not in (tmp_path / "lap.csv").read_text(encoding="utf-8-sig")


def test_a_report_without_priority_services_is_as_before(run, office, tmp_path):
    ajukan(run, tmp_path)
    rows = json.loads(run("laporan", "--json").stdout)
    assert "prioritas" not in rows[-1]
    assert "Layanan prioritas" not in run("laporan").stdout


def _permohonan_file(office):
    return next((office / "data").glob("permohonan-*.json"))


@pytest.mark.parametrize("value", ["lansia", ["lansia"], {"x": 1}, "kerabat"])
def test_periksa_finds_a_mark_no_event_set_and_never_crashes(run, office, tmp_path, value):
    ajukan(run, tmp_path)
    path = _permohonan_file(office)
    data = json.loads(path.read_bytes())
    next(iter(data["permohonan"].values()))["prioritas"] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("periksa")
    assert result.exit_code == 1
    text = result.stdout + result.stderr
    assert "prioritas" in text and audit.GAGAL not in text and "Traceback" not in text
    found = audit.periksa(office / "data").kesalahan.get("prioritas", [])
    assert found and ("tidak ada pengajuan atau peristiwa prioritas" in found[0] or "tidak dikenal" in found[0])


def _event(urut, aksi, data, noreg="2026-00001"):
    return {"urut": urut, "aksi": aksi, "noreg": noreg, "data": data}


@pytest.mark.parametrize(
    ("chain", "words"),
    [
        ([_event(2, "lengkapi", {"prioritas": "lansia"})], "bukan saat pengajuan"),
        ([_event(2, "prioritas", {"prioritas": "lansia", "alasan_prioritas": ""})], "tanpa alasan"),
        ([_event(2, "prioritas", {"prioritas": "teman", "alasan_prioritas": "x"})], "tidak dikenal"),
        ([_event(2, "prioritas", {"alasan_prioritas": "x"})], "tanpa kelompok"),
        (
            [
                _event(2, "cetak", {"status": "selesai"}),
                _event(3, "prioritas", {"prioritas": "anak", "alasan_prioritas": "x"}),
            ],
            "tidak terbuka",
        ),
        (
            [_event(2, "prioritas", {"prioritas": "anak", "alasan_prioritas": "x"}, "2026-00009")],
            "tidak pernah diajukan",
        ),
    ],
)
def test_periksa_checks_each_event_that_touches_a_mark(chain, words):
    from desa_cli.audit_prioritas import _prioritas

    hasil = audit.Hasil()
    _prioritas([], [_event(1, "ajukan", {"status": "lengkap"}), *chain], hasil)
    assert any(words in text for text in hasil.kesalahan["prioritas"]), hasil.kesalahan


def test_periksa_is_clean_for_marks_set_the_lawful_ways():
    from desa_cli.audit_prioritas import _prioritas

    hasil = audit.Hasil()
    chain = [
        _event(1, "ajukan", {"status": "lengkap", "prioritas": "hamil"}),
        _event(2, "prioritas", {"prioritas": None, "alasan_prioritas": "salah"}),
        _event(3, "prioritas", {"prioritas": "bencana", "alasan_prioritas": "banjir"}),
    ]
    _prioritas([("permohonan-2026-11.json", {"noreg": "2026-00001", "prioritas": "bencana"})], chain, hasil)
    assert hasil.baik and hasil.diperiksa["prioritas"] == 4


def test_the_clerk_sees_the_mark_in_daftar_and_the_group_in_lihat(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, "--prioritas", "bencana")["noreg"]
    assert "lengkap, prioritas" in run("daftar").stdout
    assert "korban bencana alam atau sosial" in run("lihat", noreg).stdout
