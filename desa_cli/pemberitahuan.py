"""The notice to the applicant that a letter is ready (or was handed over): one plain text, for SMS
and as a WhatsApp click-to-chat link. Nothing here sends anything: the clerk opens the link or
types the SMS on the office phone, so no gateway, no account and no data leaves the office by itself.

The link is WhatsApp's "click to chat" form, https://wa.me/<number>?text=<URL-encoded text>, the
number in full international form, digits only: no "+", no leading 0, no spaces or dashes (WhatsApp
Help Center, "How to use click to chat"; confirmed from
https://www.instantmessageconnector.com/blog/whatsapp-click-to-chat-links-explained/ and
https://www.walinktool.com/blog/wa-me-link-format-explained). Indonesia's country code is 62, so
081234567890 becomes 6281234567890.

Length: the text aims at one SMS, 160 GSM-7 characters (153 a part once split). It is built short
(the letter's title and number, "siap diambil", the office's name, address and days/hours, the
receipt number), plain ASCII where the office's data allows, and worded more tightly when that
saves a part (teks_siap); but it never drops one of those facts to fit: a notice that leaves out
where or when is worse than one sent as two parts, which phones join again. `bagian_sms` says how
many parts it takes, and --json carries it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

KODE_NEGARA = "62"
WA_ME = "https://wa.me/"
SMS_SATU, SMS_BAGIAN = 160, 153  # GSM-7: one message; each part of a longer one (the rest is the join header)
UCS2_SATU, UCS2_BAGIAN = 70, 67  # one character outside GSM-7 turns the whole SMS into UCS-2
# The GSM 03.38 default alphabet; the extension characters cost two places each.
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = set("^{}\\[~]|€")


def nomor_internasional(telepon) -> str | None:
    """081234567890 -> 6281234567890; None for no number or one that is no mobile (a landline
    such as 0342-555123 cannot take an SMS or a WhatsApp chat)."""
    nomor = str(telepon or "").strip()
    if not (nomor.startswith("08") and nomor.isdigit() and nomor.isascii()):
        return None
    return KODE_NEGARA + nomor[1:]


def bagian_sms(text: str) -> int:
    """How many SMS parts `text` takes: GSM-7 when every character is in that alphabet, else UCS-2."""
    if all(ch in _GSM7 or ch in _GSM7_EXT for ch in text):
        length, satu, bagian = sum(2 if ch in _GSM7_EXT else 1 for ch in text), SMS_SATU, SMS_BAGIAN
    else:
        length, satu, bagian = len(text.encode("utf-16-le")) // 2, UCS2_SATU, UCS2_BAGIAN
    return 1 if length <= satu else -(-length // bagian)


def tautan_whatsapp(internasional: str, text: str) -> str:
    # safe="": "/", "&", "?" and "#" in a letter number or an address must not end the text.
    return f"{WA_ME}{internasional}?text={quote(text, safe='')}"


def _hari(hari_kerja: list) -> str:
    """senin..jumat -> 'Senin-Jumat'; days that are not one run are listed."""
    from .kalender import HARI, NAMA_HARI

    index = sorted(HARI.index(h) for h in hari_kerja if h in HARI)
    if not index:
        return ""
    if len(index) > 2 and index == list(range(index[0], index[-1] + 1)):
        return f"{NAMA_HARI[index[0]]}-{NAMA_HARI[index[-1]]}"
    return ", ".join(NAMA_HARI[i] for i in index)


def _tempat(kantor) -> str:
    """'Kantor Desa Bacem, Jl. Raya Bacem No. 1, Senin-Jumat 08.00-15.00'."""
    parts = [f"Kantor {kantor.nama}", str(kantor.data.get("alamat") or "").strip()]
    waktu = " ".join(
        p for p in (_hari(kantor.data.get("hari_kerja") or ()), str(kantor.data.get("jam_layanan") or "").strip()) if p
    )
    return ", ".join(p for p in (*parts, waktu) if p)


def judul(record: dict, katalog) -> str:
    """The letter's title as its service names it (the catalogue's surat.judul), else the service's name."""
    layanan = katalog.layanan.get(record["layanan"]) if katalog is not None else None
    title = ((layanan.data.get("surat") or {}).get("judul") if layanan is not None else None) or ""
    return title.strip() or record.get("layanan_nama") or record["layanan"]


def _tanpa_surat(title: str) -> str:
    """'Surat Keterangan Domisili' -> 'Keterangan Domisili': the word a tighter wording drops first."""
    return title[len("Surat ") :] if title.lower().startswith("surat ") and len(title) > len("Surat ") else title


def teks_siap(record: dict, kantor, title: str) -> str:
    """The fullest wording that takes the fewest SMS parts: with the office's hours the full one
    often runs a few characters over 160, and a shorter wording of the same facts (the title
    without its leading "Surat", "Tanda terima" for "Bawa tanda terima", no closing full stop) fits."""
    nomor, tempat, noreg, pendek = record["surat"]["nomor"], _tempat(kantor), record["noreg"], _tanpa_surat(title)
    candidates = [
        f"{title} No. {nomor} siap diambil di {tempat}. Bawa tanda terima {noreg}.",
        f"{title} No. {nomor} siap diambil di {tempat}. Tanda terima {noreg}.",
        f"{pendek} No. {nomor} siap diambil di {tempat}. Tanda terima {noreg}.",
        f"{pendek} No. {nomor} siap diambil di {tempat}. Tanda terima {noreg}",
    ]
    return min(candidates, key=bagian_sms)  # the first of the fewest parts


def teks_diserahkan(record: dict, kantor, title: str) -> str:
    """As teks_siap: the thanks, then the word "Surat", go before a second SMS part is spent."""
    from .kalender import tanggal

    waktu = dt.datetime.fromisoformat(record["diambil"])
    fakta = (
        f"No. {record['surat']['nomor']} (tanda terima {record['noreg']}) telah diserahkan "
        f"{tanggal(waktu.date())} pukul {waktu:%H.%M} di Kantor {kantor.nama}."
    )
    candidates = [f"{title} {fakta} Terima kasih.", f"{title} {fakta}", f"{_tanpa_surat(title)} {fakta}"]
    return min(candidates, key=bagian_sms)


def sudah_diserahkan(record: dict, petugas: str | None) -> str:
    """The refusal of a second hand-over: which letter, when it was handed over, and by whom."""
    from .kalender import tanggal

    line = f"Surat {record['surat']['nomor']} (permohonan {record['noreg']}) sudah diserahkan"
    if record.get("diambil"):
        waktu = dt.datetime.fromisoformat(record["diambil"])
        line += f" pada {tanggal(waktu.date())} pukul {waktu:%H.%M}"
    if petugas:
        line += f" oleh {petugas}"
    return line + "; penyerahan tidak dicatat dua kali."


def _bungkus(record: dict, text: str) -> dict | None:
    nomor = (record.get("pemohon") or {}).get("telepon")
    internasional = nomor_internasional(nomor)
    if internasional is None:
        return None
    return {
        "telepon": nomor,
        "whatsapp": tautan_whatsapp(internasional, text),
        "sms": text,
        "sms_bagian": bagian_sms(text),
    }


def siap(record: dict, kantor, katalog) -> dict | None:
    """The ready notice of a printed letter, or None: no mobile number, or the letter is no longer
    waiting (a reprint after it was handed over tells nobody to come and fetch it)."""
    if record.get("status") != "selesai" or not record.get("surat"):
        return None
    return _bungkus(record, teks_siap(record, kantor, judul(record, katalog)))


def diserahkan(record: dict, kantor, katalog) -> dict | None:
    """The confirmation after the hand-over, or None without a mobile number."""
    if record.get("status") != "diambil" or not record.get("surat") or not record.get("diambil"):
        return None
    return _bungkus(record, teks_diserahkan(record, kantor, judul(record, katalog)))
