"""The weekly chart stays readable with one week of data and with a year: bars no wider than an
eighth of the chart, dates that do not run into each other, the legend outside the axes."""

import datetime as dt

import pytest

from desa_cli import laporan


def rows(weeks: int) -> list:
    start, found = dt.date(2026, 1, 5), []
    for week in range(weeks):
        for i in range(1 + (week * 7) % 11):
            day = start + dt.timedelta(days=7 * week + i % 5)
            done = i % 4 != 0
            found.append({"diterima": day.isoformat(), "status": "selesai" if done else "lengkap",
                          "tanggal_surat": (day + dt.timedelta(days=1)).isoformat() if done else "",
                          "tenggat": (day + dt.timedelta(days=i % 3)).isoformat()})  # fmt: skip
    return found


@pytest.fixture
def drawn():
    import matplotlib.pyplot as plt

    figures = []

    def _draw(weeks):
        fig = laporan.gambar_grafik(rows(weeks), f"Laporan pelayanan Desa Bacem, {weeks} minggu")
        fig.canvas.draw()
        figures.append(fig)
        return fig

    yield _draw
    for fig in figures:
        plt.close(fig)


@pytest.mark.parametrize("weeks", [1, 52])
def test_chart_of_one_week_and_of_a_year(drawn, weeks, tmp_path):
    fig = drawn(weeks)
    ax = fig.axes[0]
    box = ax.get_window_extent()
    bars = ax.patches
    assert len(bars) == weeks
    assert max(bar.get_window_extent().width for bar in bars) <= box.width / laporan.MINGGU_PALING_SEDIKIT
    legend = ax.get_legend()
    assert not legend.get_window_extent().overlaps(box)  # under the axes, over no bar
    assert fig.bbox.contains(*legend.get_window_extent().p0) and fig.bbox.contains(*legend.get_window_extent().p1)
    labels = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
    assert 1 <= len(labels) <= laporan.LABEL_PALING_BANYAK
    assert all(not a.overlaps(b) for a, b in zip(labels, labels[1:], strict=False))
    png = laporan.grafik(rows(weeks), tmp_path / "g.png", "Laporan")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_dates_in_indonesian(drawn):
    texts = [t.get_text() for t in drawn(52).axes[0].get_xticklabels()]
    assert texts[0] == "5 Jan" and "25 Mei" in texts and all("May" not in t for t in texts)
