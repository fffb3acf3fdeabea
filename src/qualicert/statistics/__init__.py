"""Statistics: open data export of public certificate data.

- :mod:`.columns`: the data sets, formats and columns (pure);
- :mod:`.queries`: the one joined SELECT behind each data set;
- :mod:`.writers`: CSV, JSON Lines and Parquet writers, chunk by chunk (pure);
- :mod:`.sinks`: hashing outputs and ``sha256sum`` lines;
- :mod:`.opendata`: export to files or a stream in constant memory;
- :mod:`.snapshots`: the daily snapshot folder with checksums.
"""
