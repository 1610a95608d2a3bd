#pragma once

// Hand-made tar archives for tests: the entries a hostile or broken snapshot could hold (links,
// devices, escaping names, sizes that lie), written with libarchive directly so that nothing of
// our own ArchiveWriter's checks stands between the test and the bytes.

#include <QByteArray>

#include <vector>

namespace tidemark::test {

struct TarEntry {
    QByteArray name;
    QByteArray data;
    unsigned int type = 0100000; ///< AE_IFREG; see special() for other kinds.
    QByteArray symlink;
    QByteArray hardlink;
    qint64 declaredSize = -1; ///< -1: data.size(); a bigger size is zero-padded by libarchive.
};

/// A pax tar of `entries`; `pad` keeps libarchive's usual 10240-byte blocking (zero padding).
QByteArray buildTar(const std::vector<TarEntry> &entries, bool pad = false);
/// `bytes` compressed as one zstd stream (no tar around it).
QByteArray zstd(const QByteArray &bytes);
/// `bytes` compressed as one gzip member (an InfluxDB tombstone file's parts).
QByteArray gzip(const QByteArray &bytes);

/// A regular file entry.
TarEntry entry(const QByteArray &name, const QByteArray &data, qint64 declaredSize = -1);
/// An entry of another kind (AE_IFCHR, AE_IFDIR, AE_IFIFO...) with no content.
TarEntry special(const QByteArray &name, unsigned int type);
TarEntry symlinkEntry(const QByteArray &name, const QByteArray &target);
TarEntry hardlinkEntry(const QByteArray &name, const QByteArray &target);

} // namespace tidemark::test
