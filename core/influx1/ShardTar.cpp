#include "influx1/ShardTar.h"

#include "restore/RestoreFiles.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <archive.h>
#include <archive_entry.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <unistd.h>

namespace tidemark {

namespace {

constexpr quint32 kTsmMagic = 0x16D116D1;
constexpr qsizetype kBlock = 1 << 20;

struct ArchiveDeleter {
    void operator()(struct archive *a) const { archive_read_free(a); }
};

bool validComponent(const QString &part)
{
    return !part.isEmpty() && part != QLatin1String(".") && part != QLatin1String("..") &&
           !part.contains(QLatin1Char('\\'));
}

// Where walk() puts each file's bytes: nothing (inspect), files under a data directory, or a
// ShardTar::Visitor. `dir` is the entry's `db/rp/id`, `file` its name there.
struct Output {
    virtual ~Output() = default;
    [[nodiscard]] virtual Status begin(const QString &dir, const QString &file, qint64 size) = 0;
    [[nodiscard]] virtual Status write(const char *bytes, qsizetype size) = 0;
    [[nodiscard]] virtual Status end() = 0;
};

// `<dataDir>/<dir>/<file>`, its directory made first.
Result<QString> makeFilePath(const QString &dataDir, const QString &dir, const QString &file)
{
    const QString path = dataDir + QLatin1Char('/') + dir;
    if (!QDir().mkpath(path))
        return makeError(ErrorCode::Io, ShardTar::tr("Cannot create '%1'").arg(path));
    return QString(path + QLatin1Char('/') + file);
}

// Files written one by one, each fsynced (ShardTar::extract).
class SyncedFiles : public Output {
public:
    explicit SyncedFiles(QString dataDir) : m_dataDir(std::move(dataDir)) {}
    Status begin(const QString &dir, const QString &name, qint64) override
    {
        auto path = makeFilePath(m_dataDir, dir, name);
        if (!path)
            return path.error();
        m_file = std::make_unique<QFile>(path.value());
        if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(ErrorCode::Io,
                             ShardTar::tr("Cannot write '%1': %2").arg(m_file->fileName(), m_file->errorString()),
                             ShardTar::tr("Check free space and permissions."));
        return {};
    }
    Status write(const char *bytes, qsizetype size) override
    {
        if (m_file->write(bytes, size) != size)
            return makeError(ErrorCode::Io,
                             ShardTar::tr("Cannot write '%1': %2").arg(m_file->fileName(), m_file->errorString()),
                             ShardTar::tr("Check free space and permissions."));
        return {};
    }
    Status end() override
    {
        if (!m_file->flush() || ::fsync(m_file->handle()) != 0)
            return makeError(ErrorCode::Io,
                             ShardTar::tr("Cannot sync '%1': %2").arg(m_file->fileName(), m_file->errorString()));
        m_file.reset();
        return {};
    }

private:
    QString m_dataDir;
    std::unique_ptr<QFile> m_file;
};

// Files streamed without an fsync each (the restore syncs the file system once), each read back
// against the checksum of what was written to it (ShardTar::Extractor).
class StreamedFiles : public Output {
public:
    StreamedFiles(QString dataDir, restorefs::ReadBack &readBack) : m_dataDir(std::move(dataDir)), m_readBack(readBack)
    {
    }
    Status begin(const QString &dir, const QString &name, qint64) override
    {
        auto path = makeFilePath(m_dataDir, dir, name);
        if (!path)
            return path.error();
        m_file = std::make_unique<restorefs::StreamedFile>(path.value(), m_readBack);
        return m_file->open();
    }
    Status write(const char *bytes, qsizetype size) override { return m_file->write(bytes, size); }
    Status end() override
    {
        Status s = m_file->close();
        m_file.reset();
        return s;
    }

private:
    QString m_dataDir;
    restorefs::ReadBack &m_readBack;
    std::unique_ptr<restorefs::StreamedFile> m_file;
};

// A ShardTar::Visitor as an Output.
class Visited : public Output {
public:
    explicit Visited(ShardTar::Visitor &visitor) : m_visitor(visitor) {}
    Status begin(const QString &, const QString &file, qint64 size) override { return m_visitor.begin(file, size); }
    Status write(const char *bytes, qsizetype size) override { return m_visitor.write(bytes, size); }
    Status end() override { return m_visitor.end(); }

private:
    ShardTar::Visitor &m_visitor;
};

Result<ShardTar::Summary> walk(struct archive *archive, quint64 id, const QString &source, Output *output)
{
    const auto bad = [&](const QString &entry, const QString &why) {
        return makeError(ErrorCode::Integrity,
                         ShardTar::tr("%1: shard %2, entry '%3': %4").arg(source).arg(id).arg(entry, why),
                         ShardTar::tr("This link of the chain is damaged or was not made from an InfluxDB 1.x node; "
                                      "take a new full backup."));
    };
    ShardTar::Summary summary;
    QByteArray buffer(kBlock, Qt::Uninitialized);
    for (;;) {
        struct archive_entry *entry = nullptr;
        const int rc = archive_read_next_header(archive, &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN)
            return makeError(ErrorCode::Integrity, ShardTar::tr("%1: shard %2: %3")
                                                       .arg(source)
                                                       .arg(id)
                                                       .arg(QString::fromUtf8(archive_error_string(archive))));
        const QString name = QString::fromUtf8(archive_entry_pathname(entry));
        if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) || archive_entry_symlink(entry))
            return bad(name, ShardTar::tr("is not a regular file"));
        const QStringList parts = name.split(QLatin1Char('/'));
        if (name.startsWith(QLatin1Char('/')) || parts.size() != 4 ||
            !std::all_of(parts.begin(), parts.end(), validComponent))
            return bad(name, ShardTar::tr("is not named db/rp/%1/file").arg(id));
        if (parts[2] != QString::number(id))
            return bad(name, ShardTar::tr("belongs to shard %1").arg(parts[2]));
        if (summary.database.isEmpty()) {
            summary.database = parts[0];
            summary.retentionPolicy = parts[1];
        } else if (parts[0] != summary.database || parts[1] != summary.retentionPolicy) {
            return bad(name, ShardTar::tr("is not in %1/%2 like the entries before it")
                                 .arg(summary.database, summary.retentionPolicy));
        }
        const QString file = parts[3];
        const bool tsm = file.endsWith(QLatin1String(".tsm"));
        if (!tsm && !file.endsWith(QLatin1String(".tombstone")))
            return bad(name, ShardTar::tr("is neither TSM data (.tsm) nor a tombstone (.tombstone)"));
        if (summary.files.contains(file))
            return bad(name, ShardTar::tr("is a duplicate entry"));

        if (output) {
            const QString dir = QStringLiteral("%1/%2/%3").arg(parts[0], parts[1], parts[2]);
            if (Status s = output->begin(dir, file, static_cast<qint64>(archive_entry_size(entry))); !s)
                return s.error();
        }
        qint64 size = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(archive, buffer.data(), static_cast<size_t>(buffer.size()));
            if (n < 0)
                return bad(
                    name,
                    ShardTar::tr("reading its content: %1").arg(QString::fromUtf8(archive_error_string(archive))));
            if (n == 0)
                break;
            if (size == 0 && tsm &&
                (n < 5 || qFromBigEndian<quint32>(buffer.constData()) != kTsmMagic || buffer[4] != 1))
                return bad(name, ShardTar::tr("does not start with the TSM magic and version 1"));
            size += n;
            if (output) {
                if (Status s = output->write(buffer.constData(), n); !s)
                    return s.error();
            }
        }
        if (size == 0 && tsm)
            return bad(name, ShardTar::tr("is empty"));
        if (output) {
            if (Status s = output->end(); !s)
                return s.error();
        }
        summary.files << file;
        summary.modified << static_cast<qint64>(archive_entry_mtime(entry));
        summary.sizes << size;
        summary.bytes += size;
    }
    return summary;
}

} // namespace

namespace {

Result<ShardTar::Summary> walkFile(const QString &path, quint64 id, const QString &source, Output *output)
{
    std::unique_ptr<struct archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), kBlock) != ARCHIVE_OK)
        return makeError(ErrorCode::Integrity, ShardTar::tr("%1: shard %2 is not a tar archive: %3")
                                                   .arg(source)
                                                   .arg(id)
                                                   .arg(QString::fromUtf8(archive_error_string(a.get()))));
    return walk(a.get(), id, source, output);
}

} // namespace

Result<ShardTar::Summary> ShardTar::inspect(const QString &path, quint64 id, const QString &source)
{
    return walkFile(path, id, source, nullptr);
}

Result<ShardTar::Summary> ShardTar::extract(const QString &path, quint64 id, const QString &source,
                                            const QString &dataDir)
{
    SyncedFiles files(dataDir);
    return walkFile(path, id, source, &files);
}

// The tar is read by libarchive on the extractor's thread, from chunks that write() queues.
struct ShardTar::Extractor::Private {
    quint64 id = 0;
    QString source;
    QString dataDir;
    restorefs::ReadBack *readBack = nullptr;
    Visitor *visitor = nullptr;

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<QByteArray> queue;
    qsizetype queued = 0;
    qsizetype queueLimit = kQueueBytes;
    bool ended = false;   ///< No more input: the tar's end.
    bool aborted = false; ///< The extractor is dropped before the end.
    bool done = false;    ///< The thread has its result.
    QByteArray current;   ///< The chunk libarchive reads now.
    std::optional<Result<Summary>> result;
    std::thread worker;

    static la_ssize_t read(struct archive *, void *client, const void **buffer)
    {
        auto *self = static_cast<Private *>(client);
        std::unique_lock lock(self->mutex);
        self->changed.wait(lock, [self] { return self->aborted || self->ended || !self->queue.empty(); });
        if (self->aborted)
            return -1;
        if (self->queue.empty())
            return 0;
        self->current = std::move(self->queue.front());
        self->queue.pop_front();
        self->queued -= self->current.size();
        self->changed.notify_all();
        *buffer = self->current.constData();
        return self->current.size();
    }

    void run()
    {
        std::unique_ptr<struct archive, ArchiveDeleter> a(archive_read_new());
        archive_read_support_format_tar(a.get());
        Result<Summary> outcome = Summary{};
        if (archive_read_open(a.get(), this, nullptr, &Private::read, nullptr) != ARCHIVE_OK) {
            outcome = makeError(ErrorCode::Integrity, ShardTar::tr("%1: shard %2 is not a tar archive: %3")
                                                          .arg(source)
                                                          .arg(id)
                                                          .arg(QString::fromUtf8(archive_error_string(a.get()))));
        } else if (readBack) {
            StreamedFiles files(dataDir, *readBack);
            outcome = walk(a.get(), id, source, &files);
        } else if (visitor) {
            Visited visited(*visitor);
            outcome = walk(a.get(), id, source, &visited);
        } else {
            outcome = walk(a.get(), id, source, nullptr);
        }
        std::lock_guard lock(mutex);
        result = std::move(outcome);
        done = true;
        queue.clear();
        queued = 0;
        changed.notify_all();
    }
};

ShardTar::Extractor::Extractor(quint64 id, QString source, QString dataDir, restorefs::ReadBack &readBack)
    : d(std::make_unique<Private>())
{
    d->id = id;
    d->source = std::move(source);
    d->dataDir = std::move(dataDir);
    d->readBack = &readBack;
    d->worker = std::thread([this] { d->run(); });
}

ShardTar::Extractor::Extractor(quint64 id, QString source) : d(std::make_unique<Private>())
{
    d->id = id;
    d->source = std::move(source);
    d->queueLimit = kCheckQueueBytes;
    d->worker = std::thread([this] { d->run(); });
}

ShardTar::Extractor::Extractor(quint64 id, QString source, Visitor &visitor) : d(std::make_unique<Private>())
{
    d->id = id;
    d->source = std::move(source);
    d->visitor = &visitor;
    d->worker = std::thread([this] { d->run(); });
}

ShardTar::Extractor::~Extractor()
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->done)
            d->aborted = true;
    }
    d->changed.notify_all();
    d->worker.join();
}

Status ShardTar::Extractor::write(const char *bytes, qsizetype size)
{
    return write(QByteArray(bytes, size));
}

Status ShardTar::Extractor::write(QByteArray bytes)
{
    std::unique_lock lock(d->mutex);
    d->changed.wait(lock, [this] { return d->done || d->queued < d->queueLimit; });
    if (d->done) // Finished early: an error, or the tar's end came (what follows is padding).
        return d->result->ok() ? Status{} : Status(d->result->error());
    d->queued += bytes.size();
    d->queue.push_back(std::move(bytes));
    d->changed.notify_all();
    return {};
}

Result<ShardTar::Summary> ShardTar::Extractor::finish()
{
    {
        std::unique_lock lock(d->mutex);
        d->ended = true;
        d->changed.notify_all();
        d->changed.wait(lock, [this] { return d->done; });
    }
    d->worker.join();
    d->worker = std::thread([] {}); // The destructor joins one.
    return *d->result;
}

} // namespace tidemark

namespace tidemark {

struct ShardTar::Writer::Private {
    Out out;
    struct archive *archive = nullptr;
    Status status; ///< The first error of `out`, which libarchive only sees as -1.

    Error error(const QString &what) const
    {
        if (!status)
            return status.error();
        return makeError(ErrorCode::Io, ShardTar::tr("Cannot write a shard tar (%1): %2")
                                            .arg(what, QString::fromUtf8(archive_error_string(archive))));
    }
};

ShardTar::Writer::Writer(Out out) : d(std::make_unique<Private>())
{
    d->out = std::move(out);
    d->archive = archive_write_new();
    archive_write_set_format_pax_restricted(d->archive);
    archive_write_set_bytes_per_block(d->archive, 0); // No blocking: each write goes out as it is.
    archive_write_set_bytes_in_last_block(d->archive, 1);
    archive_write_open(
        d->archive, d.get(), nullptr,
        [](struct archive *, void *data, const void *buffer, size_t length) -> la_ssize_t {
            // A failed output is kept and reported by the caller's next step; libarchive is told
            // the bytes went (a fatal archive would leak its format's state when freed).
            auto *p = static_cast<Private *>(data);
            if (p->status)
                p->status = p->out(static_cast<const char *>(buffer), static_cast<qsizetype>(length));
            return static_cast<la_ssize_t>(length);
        },
        nullptr);
}

ShardTar::Writer::~Writer()
{
    archive_write_free(d->archive); // Without finish(): the tar stays cut (the caller failed).
}

Status ShardTar::Writer::begin(const QString &name, qint64 size, qint64 modified)
{
    std::unique_ptr<struct archive_entry, void (*)(struct archive_entry *)> entry(archive_entry_new(),
                                                                                  archive_entry_free);
    archive_entry_set_pathname(entry.get(), name.toUtf8().constData());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), size);
    archive_entry_set_mtime(entry.get(), modified, 0);
    if (archive_write_header(d->archive, entry.get()) != ARCHIVE_OK || !d->status)
        return d->error(name);
    return {};
}

Status ShardTar::Writer::write(const char *bytes, qsizetype size)
{
    while (size > 0) {
        const la_ssize_t n = archive_write_data(d->archive, bytes, static_cast<size_t>(size));
        if (n <= 0 || !d->status)
            return d->error(tr("a file's content"));
        bytes += n;
        size -= n;
    }
    return {};
}

Status ShardTar::Writer::finish()
{
    if (archive_write_close(d->archive) != ARCHIVE_OK || !d->status)
        return d->error(tr("its end"));
    return {};
}

} // namespace tidemark
