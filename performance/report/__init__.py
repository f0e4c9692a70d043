"""The Pengukuran Kinerja report: its content (`data`), print HTML (`html`), PDF (`pdf`) and
spreadsheet (`xlsx`)."""
