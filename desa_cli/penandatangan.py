"""Signatories in kantor.yaml (`penandatangan`) and the signature block each one prints.

A signatory other than the head signs in one of the forms of tata naskah dinas (Permendagri
1/2023 on tata naskah dinas; DOMAIN.md, "Letters: format"), given as `sebagai`:
  an   atas nama, one level down:   "a.n. KEPALA DESA BACEM" / "Sekretaris Desa"
  ub   untuk beliau, two levels down: "a.n. KEPALA DESA BACEM" / "Sekretaris Desa" /
       "u.b. Kepala Seksi Pelayanan" (the middle line is the jabatan of `melalui`, the one-level-down
       official the delegation passes through)
  plt  pelaksana tugas, acting until someone is appointed: "Plt. KEPALA DESA BACEM"
  plh  pelaksana harian, standing in during an absence:   "Plh. KEPALA DESA BACEM"
  pj   penjabat (e.g. Penjabat Kepala Desa):              "Pj. KEPALA DESA BACEM"
A signatory without `sebagai` other than `kepala` signs a.n. (as before `sebagai` existed).
Permendagri 1/2023 (tata naskah dinas di lingkungan pemerintah daerah) sets who may sign as Plt.,
Plh., Pj. (https://www.inforegulasi.com/2023/03/permendagri-nomor-1-tahun-2023-tentang.html), and
Pasal 44(3): a signatory other than the head of the region writes gelar, NIP and pangkat/golongan
(https://pasal.id/en/peraturan/permen/permendagri-no-1-tahun-2023/koreksi/9632084): hence `pangkat`.
"""

from __future__ import annotations

from .kesalahan import DesaError

SEBAGAI = ("an", "ub", "plt", "plh", "pj")
AWALAN = {"plt": "Plt.", "plh": "Plh.", "pj": "Pj."}
NIP_POLA = r"[0-9 ]{18,21}"


# Rank name, then the grade in brackets: "Penata Tk. I (III/d)", "Pembina (IV/a)".
PANGKAT_POLA = r"[A-Za-z][A-Za-z. ]*[A-Za-z.] \((I|II|III|IV)/[a-e]\)"


def skema():
    from .yamlskema import Boolean, Key, Mapping, OneOf, Text

    return Mapping(
        {
            "jabatan": Key(Text()),
            "nama": Key(Text()),
            "nip": Key(Text(NIP_POLA, "NIP 18 angka"), required=False),
            # A civil servant's rank and grade, printed between the name and the NIP (tata naskah dinas).
            "pangkat": Key(Text(PANGKAT_POLA, "pangkat dan golongan, misalnya 'Penata Tk. I (III/d)'"), required=False),
            "atas_nama": Key(Boolean(), required=False, default=False),
            "sebagai": Key(OneOf(SEBAGAI), required=False),
            "melalui": Key(Text(), required=False),
        }
    )


def periksa(signers: dict, fault) -> None:
    """Faults of the whole list, through `fault(path, reason)`: a head, and u.b. through an a.n."""
    if "kepala" not in signers:
        fault(("penandatangan",), "wajib punya 'kepala' (kepala desa, lurah atau camat)")
        return
    if signers["kepala"].get("sebagai"):
        fault(("penandatangan", "kepala", "sebagai"), "kepala menandatangani sendiri; hapus 'sebagai'")
    for key, signer in signers.items():
        if signer.get("sebagai") == "ub":
            via = signer.get("melalui")
            if not via or via not in signers or via in ("kepala", key) or sebagai(via, signers[via]) != "an":
                fault(
                    ("penandatangan", key, "melalui"),
                    "u.b. wajib menyebut kunci pejabat a.n. di antaranya (misalnya melalui: sekdes)",
                )
        elif signer.get("melalui"):
            fault(("penandatangan", key, "melalui"), "hanya untuk sebagai: ub")


def sebagai(key: str, signer: dict) -> str | None:
    """The form a signatory signs in; None for the head itself."""
    if key == "kepala":
        return None
    return signer.get("sebagai") or "an"


def bentuk(kantor, kunci: str) -> dict:
    """The signatory as printed, copied into the letter's record so later staff changes do not
    rewrite old letters: `baris` the title lines above the signature, then name, pangkat, NIP."""
    signers = kantor.data["penandatangan"]
    if kunci not in signers:
        raise DesaError(
            f"Penandatangan '{kunci}' tidak ada di kantor.yaml (bagian penandatangan); yang ada: {', '.join(signers)}."
        )
    head = signers["kepala"]
    signer = signers[kunci]
    wilayah = kantor.data["kecamatan"] if kantor.tingkat == "kecamatan" else kantor.data["desa"]
    kepala = f"{head['jabatan']} {wilayah}"
    form = sebagai(kunci, signer)
    # "Sekretaris Desa Bacem", but "Kepala Seksi Pelayanan Desa Bacem"
    pejabat = f"{signer['jabatan']} {wilayah if signer['jabatan'].lower().endswith(kantor.tingkat) else kantor.nama}"
    if form is None:
        baris, menerangkan = [kepala.upper()], kepala
    elif form in AWALAN:
        baris, menerangkan = [f"{AWALAN[form]} {kepala.upper()}"], f"{AWALAN[form]} {kepala}"
    elif form == "ub":
        baris = [f"a.n. {kepala.upper()}", signers[signer["melalui"]]["jabatan"], f"u.b. {signer['jabatan']}"]
        menerangkan = pejabat
    else:
        baris, menerangkan = [f"a.n. {kepala.upper()}", signer["jabatan"]], pejabat
    return {
        "kunci": kunci,
        "sebagai": form or "",
        "jabatan": signer["jabatan"],
        "nama": signer["nama"],
        "nip": signer.get("nip", ""),
        "pangkat": signer.get("pangkat", ""),
        "baris": baris,
        "baris_atas": baris[0],
        "baris_bawah": baris[1] if len(baris) > 1 else "",
        "baris_ub": baris[2] if len(baris) > 2 else "",
        "menerangkan": menerangkan,
    }


def ringkas(ttd: dict | None) -> str:
    """'a.n. KEPALA DESA BACEM / Sekretaris Desa: Sri Wahyuni', as screens and the book show it."""
    if not ttd:
        return ""
    lines = ttd.get("baris") or [x for x in (ttd.get("baris_atas"), ttd.get("baris_bawah")) if x]
    return f"{' / '.join(lines)}: {ttd.get('nama', '')}"
