#include "TarBuilder.h"

#include <archive.h>
#include <archive_entry.h>

#include <QtGlobal>

namespace tidemark::test {

namespace {

la_ssize_t appendTo(struct archive *, void *client, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(client)->append(static_cast<const char *>(buffer), static_cast<qsizetype>(length));
    return static_cast<la_ssize_t>(length);
}

void check(int rc, struct archive *a)
{
    if (rc < ARCHIVE_WARN)
        qFatal("libarchive: %s", archive_error_string(a));
}

} // namespace

QByteArray buildTar(const std::vector<TarEntry> &entries, bool pad)
{
    QByteArray out;
    struct archive *a = archive_write_new();
    check(archive_write_set_format_pax_restricted(a), a);
    if (!pad)
        check(archive_write_set_bytes_in_last_block(a, 1), a);
    check(archive_write_open(a, &out, nullptr, appendTo, nullptr), a);
    for (const TarEntry &e : entries) {
        struct archive_entry *entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.constData());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, 0640);
        if (!e.symlink.isEmpty())
            archive_entry_set_symlink(entry, e.symlink.constData());
        if (!e.hardlink.isEmpty())
            archive_entry_set_hardlink(entry, e.hardlink.constData());
        const bool hasData = e.type == AE_IFREG && e.hardlink.isEmpty();
        archive_entry_set_size(entry, hasData ? (e.declaredSize >= 0 ? e.declaredSize : e.data.size()) : 0);
        check(archive_write_header(a, entry), a);
        if (hasData && !e.data.isEmpty())
            archive_write_data(a, e.data.constData(), static_cast<size_t>(e.data.size()));
        archive_entry_free(entry);
    }
    check(archive_write_close(a), a);
    archive_write_free(a);
    return out;
}

namespace {

// `bytes` as one stream of the filter `addFilter` adds (no tar around it, no padding).
QByteArray compressed(const QByteArray &bytes, int (*addFilter)(struct archive *))
{
    QByteArray out;
    struct archive *a = archive_write_new();
    check(archive_write_set_format_raw(a), a);
    check(addFilter(a), a);
    check(archive_write_set_bytes_in_last_block(a, 1), a);
    check(archive_write_open(a, &out, nullptr, appendTo, nullptr), a);
    struct archive_entry *entry = archive_entry_new();
    archive_entry_set_pathname(entry, "data");
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_size(entry, bytes.size());
    check(archive_write_header(a, entry), a);
    if (!bytes.isEmpty())
        archive_write_data(a, bytes.constData(), static_cast<size_t>(bytes.size()));
    archive_entry_free(entry);
    check(archive_write_close(a), a);
    archive_write_free(a);
    return out;
}

} // namespace

QByteArray zstd(const QByteArray &bytes)
{
    return compressed(bytes, archive_write_add_filter_zstd);
}

QByteArray gzip(const QByteArray &bytes)
{
    return compressed(bytes, archive_write_add_filter_gzip);
}

TarEntry entry(const QByteArray &name, const QByteArray &data, qint64 declaredSize)
{
    TarEntry e;
    e.name = name;
    e.data = data;
    e.declaredSize = declaredSize;
    return e;
}

TarEntry special(const QByteArray &name, unsigned int type)
{
    TarEntry e;
    e.name = name;
    e.type = type;
    return e;
}

TarEntry symlinkEntry(const QByteArray &name, const QByteArray &target)
{
    TarEntry e = special(name, AE_IFLNK);
    e.symlink = target;
    return e;
}

TarEntry hardlinkEntry(const QByteArray &name, const QByteArray &target)
{
    TarEntry e = special(name, AE_IFREG);
    e.hardlink = target;
    return e;
}

} // namespace tidemark::test
