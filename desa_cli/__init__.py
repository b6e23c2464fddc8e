"""desa: the service counter of a village, kelurahan or kecamatan office."""

__version__ = "0.1.0"
