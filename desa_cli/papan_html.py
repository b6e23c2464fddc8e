"""The queue board as one HTML page: large type for a screen read from three metres, high contrast,
Indonesian, and self-contained (inline CSS only: an office screen is often offline, and nothing
may be fetched from elsewhere). Every stored value is escaped: the register's data is untrusted.
"""

from __future__ import annotations

from html import escape

from .kalender import hari_tanggal
from .katalog import TANPA_BIAYA

SEGAR_DETIK = 30
MAKS_ANTREAN = 7  # rows that fit at this size on a 1920x1080 screen; the rest are counted
MAKS_SIAP = 3  # cards that fit under their heading, with the line that counts the rest

# Sizes in vw follow the screen: the same page reads from three metres on a TV or a monitor.
CSS = """
* { box-sizing: border-box; margin: 0; padding: 0; }
html, body { background: #000; color: #fff; height: 100%; overflow: hidden; }
body { font-family: "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; font-size: 2.1vw;
  line-height: 1.25; display: flex; flex-direction: column; padding: 0.8vw 1.6vw; gap: 0.8vw; }
header { display: flex; justify-content: space-between; align-items: center;
  border-bottom: 0.3vw solid #ffd400; padding-bottom: 0.4vw; }
h1 { font-size: 3vw; font-weight: 800; color: #ffd400; }
.jam { font-size: 1.8vw; font-weight: 700; text-align: right; line-height: 1.2; }
.jam b { font-size: 2.6vw; }
main { display: flex; gap: 1.4vw; flex: 1; min-height: 0; overflow: hidden; }
section.antrean { flex: 1; min-width: 0; }
section.siap { flex: 0 0 19vw; border-left: 0.3vw solid #555; padding-left: 1.4vw; }
h2 { font-size: 1.9vw; font-weight: 800; color: #ffd400; margin-bottom: 0.3vw; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.noreg { width: 21.5%; } col.inisial { width: 11%; } col.layanan { width: 28%; }
col.status { width: 19%; } col.sisa { width: 20.5%; }
th { font-size: 1.4vw; color: #ddd; text-align: left; font-weight: 700; padding: 0.2vw 0.5vw;
  border-bottom: 0.15vw solid #777; }
td { padding: 0.45vw 0.5vw; border-bottom: 0.1vw solid #444; }
td.noreg, td.inisial, td.status { white-space: nowrap; }
td.layanan { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.noreg, td.inisial, td.sisa { font-weight: 800; font-variant-numeric: tabular-nums; }
td.layanan, td.status { font-size: 1.7vw; }
td.sisa { font-size: 1.9vw; }
tr.terlambat td { background: #4a0000; }
.tanda { background: #0a84ff; color: #fff; font-weight: 700; font-size: 0.75em; padding: 0 0.4vw;
  border-radius: 0.3vw; }
.tanda-terlambat { background: #ff3b30; color: #fff; font-weight: 900; padding: 0 0.4vw; border-radius: 0.3vw;
  display: inline-block; }
.siap ol { list-style: none; }
.siap li { border: 0.2vw solid #00e060; background: #00331a; border-radius: 0.5vw; padding: 0.3vw 0.8vw;
  margin-bottom: 0.6vw; }
.siap .noreg { font-size: 2.3vw; font-weight: 800; display: block; white-space: nowrap; }
.siap .rinci { font-size: 1.7vw; font-weight: 700; }
.siap .rinci small { font-size: 1.4vw; font-weight: 400; white-space: nowrap; }
.kosong { color: #ddd; font-size: 1.9vw; padding-top: 0.5vw; }
.lain { color: #ddd; font-size: 1.6vw; margin-top: 0.4vw; }
footer { border-top: 0.3vw solid #ffd400; padding-top: 0.6vw; font-size: 1.6vw; display: flex;
  flex-direction: column; gap: 0.5vw; }
.baris { display: flex; align-items: center; gap: 1.4vw; }
.biaya { flex: 0 0 auto; background: #ffd400; color: #000; font-weight: 900; font-size: 2.4vw;
  padding: 0.2vw 1vw; border-radius: 0.5vw; }
.label { color: #ffd400; font-weight: 800; }
"""


def e(value) -> str:
    return escape(str(value), quote=True)


def singkat(nama: str) -> str:
    """`Surat Keterangan Domisili` -> `Keterangan Domisili`: every service here ends in a letter,
    and the shorter name fits one line at a size readable across the room."""
    return nama[len("Surat ") :] if nama.startswith("Surat ") and len(nama) > len("Surat ") else nama


def _sisa(baris) -> str:
    if baris.sisa is None:
        return "&ndash;"
    if baris.sisa < 0:
        return f'<span class="tanda-terlambat">TERLAMBAT</span> {-baris.sisa} hari'
    if baris.sisa == 0:
        return "Hari ini"
    return f"{baris.sisa} hari lagi"


def _antrean(isi) -> str:
    if not isi.antrean:
        return '<p class="kosong">Tidak ada permohonan yang menunggu.</p>'
    rows = []
    for baris in isi.antrean[:MAKS_ANTREAN]:
        # The priority mark beside the number: plain text like any other value; empty for the others.
        tanda = f' <span class="tanda">{e(baris.tanda)}</span>' if baris.tanda else ""
        rows.append(
            f'<tr class="{"terlambat" if baris.terlambat else "biasa"}">'
            f'<td class="noreg">{e(baris.noreg)}{tanda}</td><td class="inisial">{e(baris.inisial)}</td>'
            f'<td class="layanan">{e(singkat(baris.layanan))}</td><td class="status">{e(baris.status)}</td>'
            f'<td class="sisa">{_sisa(baris)}</td></tr>'
        )
    more = len(isi.antrean) - MAKS_ANTREAN
    tail = f'<p class="lain">dan {more} permohonan lain sesudahnya, menurut urutan datang.</p>' if more > 0 else ""
    cols = "".join(f'<col class="{c}">' for c in ("noreg", "inisial", "layanan", "status", "sisa"))
    return (
        f"<table><colgroup>{cols}</colgroup><thead><tr><th>No. registrasi</th><th>Pemohon</th><th>Layanan</th>"
        f"<th>Status</th><th>Sisa hari kerja</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}"
    )


def _judul(isi) -> str:
    if any(baris.tanda for baris in isi.antrean):  # the lawful exception, said on the board itself
        return "Antrean: layanan prioritas dulu, lalu menurut urutan datang"
    return "Antrean menurut urutan datang"


def _jumlah(isi) -> str:
    return f" ({len(isi.antrean)} permohonan)" if isi.antrean else ""


def _siap(isi) -> str:
    if not isi.siap:
        return '<p class="kosong">Belum ada surat yang siap hari ini.</p>'
    items = "".join(
        f'<li><span class="noreg">{e(b.noreg)}</span><span class="rinci">{e(b.inisial)}<br><small>'
        f"{e(singkat(b.layanan))}</small></span></li>"
        for b in isi.siap[:MAKS_SIAP]
    )
    more = len(isi.siap) - MAKS_SIAP
    tail = f'<p class="lain">dan {more} surat lain.</p>' if more > 0 else ""
    return f"<ol>{items}</ol>{tail}"


def _kaki(isi) -> str:
    fee = f'<span class="biaya">{e(TANPA_BIAYA)}</span>' if isi.gratis else ""
    standar = " &middot; ".join(
        f"{e(singkat(s.nama))} {e(s.waktu)}{'' if isi.gratis else ', ' + e(s.biaya)}" for s in isi.standar
    )
    waktu = f'<span><span class="label">Waktu penyelesaian:</span> {standar}</span>' if standar else ""
    pengaduan = " &middot; ".join(e(line) for line in isi.pengaduan)
    return (
        f'<footer><div class="baris">{fee}{waktu}</div>'
        f'<div><span class="label">Pengaduan:</span> {pengaduan}</div></footer>'
    )


def halaman(isi) -> str:
    """The whole page of `isi` (papan.IsiPapan)."""
    waktu = isi.waktu
    jam = f"{waktu.hour:02d}.{waktu.minute:02d}"
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="{SEGAR_DETIK}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Papan antrean {e(isi.kantor)}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Antrean Pelayanan {e(isi.kantor)}</h1>
<div class="jam">{e(hari_tanggal(waktu.date()))}<br>diperbarui pukul <b>{jam}</b></div></header>
<main>
<section class="antrean"><h2>{_judul(isi)}{_jumlah(isi)}</h2>{_antrean(isi)}</section>
<section class="siap"><h2>Siap diambil hari ini</h2>{_siap(isi)}</section>
</main>
{_kaki(isi)}
</body>
</html>
"""
