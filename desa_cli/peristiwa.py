"""Each event of the register told in a sentence (Indonesian) for `desa riwayat` and `desa lihat`.

Every kind of event the code writes (register.catat_peristiwa: ajukan, lengkapi, cetak, cetak_ulang,
serahkan, tolak, batal, prioritas, peringatan_antrean, ekspor_nik, pulihkan, aduan_catat,
aduan_tanggapi, aduan_selesai, survei, impor_penduduk, buku_catat, buku_batal, masuk_catat) and the
two kinds of note kept with an event (`catatan`: the queue warning of perintah._bersama.antrean_adil,
and the lawful priority of prioritas.catatan_cetak) have their own wording; anything else (an older
or hand-made event) is written out as "nama: nilai" pairs, never as a Python dict.
"""

from __future__ import annotations


def _tanggal(iso) -> str:
    text = str(iso or "")
    return f"{text[8:10]}-{text[5:7]}-{text[0:4]}" if len(text) >= 10 and text[4:5] == "-" else text


def teks_bebas(value) -> str:
    """Any stored value as plain words: dicts as "nama: nilai", lists joined by commas."""
    if isinstance(value, dict):
        return ", ".join(f"{str(k).replace('_', ' ')}: {teks_bebas(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(teks_bebas(v) for v in value) if value else "-"
    if value is None:
        return "-"
    return str(value)


def teks_catatan(catatan) -> str:
    """The note kept with an event: the queue warning (antrean_adil) or the lawful priority (prioritas)."""
    if not catatan:
        return ""
    if not isinstance(catatan, dict):
        return teks_bebas(catatan)
    parts = []
    for key, value in catatan.items():
        if key == "antrean" and isinstance(value, dict):
            parts.append(_antrean(value))
        elif key == "prioritas" and isinstance(value, dict):
            parts.append(_prioritas(value))
        else:
            parts.append(f"{str(key).replace('_', ' ')}: {teks_bebas(value)}")
    return "; ".join(parts)


def _antrean(note: dict) -> str:
    jumlah = note.get("menunggu", "?")
    tertua = f" (yang tertua {note['tertua']})" if note.get("tertua") else ""
    if note.get("pilihan") == "tunda":
        return f"ditunda karena {jumlah} permohonan lengkap yang datang lebih dulu masih menunggu{tertua}"
    utama = f", {note['prioritas']} di antaranya layanan prioritas" if note.get("prioritas") else ""
    return f"dilayani mendahului {jumlah} permohonan lengkap yang menunggu{utama}{tertua}"


def _prioritas(note: dict) -> str:
    """A priority application served ahead of earlier ones: lawful (UU 25/2009 Pasal 29), and said so."""
    tertua = f" (yang tertua {note['tertua']})" if note.get("tertua") else ""
    return (
        f"layanan prioritas {note.get('grup', '-')} (UU 25/2009 Pasal 29): didahulukan dari "
        f"{note.get('mendahului', '?')} permohonan yang datang lebih dulu{tertua}"
    )


def _status(data: dict) -> str:
    return str(data.get("status", "")).replace("_", " ")


def _permohonan(aksi: str, data: dict) -> str | None:
    if aksi == "ajukan":
        kalimat = f"permohonan {data.get('layanan_nama') or data.get('layanan', '')} diterima, status {_status(data)}"
        return kalimat + (f", layanan prioritas {data['prioritas']}" if data.get("prioritas") else "")
    if aksi == "prioritas":
        grup = f"ditandai layanan prioritas {data['prioritas']}" if data.get("prioritas") else "tanda prioritas dihapus"
        return f"{grup}; alasan: {data.get('alasan_prioritas', '')}"
    if aksi == "lengkapi":
        kalimat = f"berkas ditambah, status {_status(data)}"
        if data.get("tenggat"):
            kalimat += f", selesai paling lambat {_tanggal(data['tenggat'])}"
        return kalimat
    if aksi in ("cetak", "cetak_ulang"):
        surat = data.get("surat") or {}
        ulang = " ulang (nomor tetap)" if aksi == "cetak_ulang" else ""
        signer = surat.get("penandatangan") or {}
        oleh = f", ditandatangani {signer['nama']} ({' / '.join(signer.get('baris') or [])})" if signer else ""
        return f"surat {surat.get('nomor', '')} tanggal {_tanggal(surat.get('tanggal'))} dicetak{ulang}{oleh}"
    if aksi == "serahkan":
        return "surat diserahkan kepada pemohon"
    if aksi in ("tolak", "batal"):  # the status wording the screens already used
        return f"status {_status(data)}; alasan: {data.get('alasan', '')}"
    if aksi == "peringatan_antrean":
        return ""
    return None


def _lain(aksi: str, data: dict) -> str | None:
    if aksi == "ekspor_nik":
        return f"NIK lengkap: {data.get('jumlah')} permohonan {data.get('periode')} ke {data.get('berkas')}"
    if aksi == "pulihkan":
        source = f"dari cadangan {data['cadangan']}" if data.get("cadangan") else "register baru"
        return f"{source}; berkas lama di {data.get('disisihkan')}"
    if aksi == "aduan_catat":
        batas = f"{_tanggal(data.get('batas_tanggapan'))}, selesai paling lambat {_tanggal(data.get('batas_selesai'))}"
        return f"aduan diterima dari {data.get('pelapor', '-')}; tanggapan paling lambat {batas}"
    if aksi in ("aduan_tanggapi", "aduan_selesai"):
        kalimat = "aduan ditanggapi" if aksi == "aduan_tanggapi" else "aduan selesai"
        tanggapan = data.get("tanggapan") or []
        if tanggapan and isinstance(tanggapan[-1], dict) and tanggapan[-1].get("isi"):
            kalimat += f": {tanggapan[-1]['isi']}"
        return kalimat
    if aksi == "survei":
        return f"jawaban survei kepuasan untuk layanan {data.get('layanan', '-')}"
    if aksi == "impor_penduduk":
        return (
            f"data penduduk diimpor dari {data.get('berkas')} (SHA-256 {str(data.get('sha256'))[:12]}...): "
            f"{data.get('diterima')} dari {data.get('baris')} baris, {data.get('ditolak')} ditolak; "
            f"{data.get('penduduk')} tersimpan, {data.get('tidak_ada')} tidak ada lagi di berkas"
        )
    return None


def _buku(aksi: str, data: dict) -> str | None:
    if aksi == "standar":
        return (
            f"standar kantor diterbitkan untuk semua meja ({data.get('berkas')} berkas, sidik "
            f"{str(data.get('sidik'))[:12]}...); alasan: {data.get('alasan', '')}"
        )
    if aksi == "pindah_register":
        tempat = {"berkas": "berkas di komputer", "postgresql": "basis data PostgreSQL"}
        dari, ke = (tempat.get(data.get(k), data.get(k)) for k in ("dari", "ke"))
        return f"register dipindah dari {dari} ke {ke}; nomor berlanjut"
    if aksi == "buku_catat":
        return (
            f"nomor surat {data.get('nomor', '')} tanggal {_tanggal(data.get('tanggal'))} untuk surat buatan luar "
            f"kepada {data.get('tujuan', '-')}: {data.get('perihal', '-')}"
        )
    if aksi == "buku_batal":
        nomor = f"no. urut {data.get('urut')} tahun {data.get('tahun')}"
        return f"nomor surat buatan luar {nomor} dibatalkan; alasan: {data.get('alasan', '')}"
    if aksi == "masuk_catat":
        return (
            f"surat masuk {data.get('nomor_surat', '')} dari {data.get('pengirim', '-')} diterima "
            f"{_tanggal(data.get('tanggal_terima'))}: {data.get('perihal', '-')}"
        )
    return None


def ringkas_peristiwa(event: dict) -> str:
    """What an event changed, in a sentence, with control characters written out (tampil.terlihat)."""
    from .tampil import terlihat

    data = event.get("data") or {}
    if not isinstance(data, dict):
        data = {"data": data}
    aksi = event.get("aksi", "")
    kalimat = _permohonan(aksi, data)
    if kalimat is None:
        kalimat = _lain(aksi, data)
    if kalimat is None:
        kalimat = _buku(aksi, data)
    if kalimat is None:  # an event kind this version does not know: its fields, as words
        kalimat = teks_bebas({k: v for k, v in data.items() if k != "diubah"})
    parts = [kalimat] if kalimat else []
    if event.get("catatan"):
        parts.append(teks_catatan(event["catatan"]))
    return terlihat("; ".join(parts))
