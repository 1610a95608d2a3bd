#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <memory>

namespace tidemark {

namespace restorefs {
class ReadBack;
} // namespace restorefs

/// The tar an InfluxDB 1.x node streams for one shard, as kept inside a Tidemark snapshot
/// (`shards/<id>` of an `influxdb1` archive).
///
/// Nothing in it is trusted: every entry must be a regular file named `db/rp/<id>/<file>` with
/// the shard's own id, one database and retention policy for the whole tar, no empty, `.` or
/// `..` component, and a file name of TSM data (`*.tsm`, which must start with the TSM magic
/// 0x16D116D1, version 1) or a tombstone (`*.tombstone`). Anything else is ErrorCode::Integrity,
/// naming `source` and the entry. Memory does not grow with file sizes.
class ShardTar {
    Q_DECLARE_TR_FUNCTIONS(ShardTar)

public:
    struct Summary {
        QString database; ///< Empty when the tar has no entries (nothing changed).
        QString retentionPolicy;
        QStringList files;      ///< File names, in tar order.
        QList<qint64> modified; ///< Each file's modification time (seconds since the epoch, node's clock).
        QList<qint64> sizes;    ///< Each file's size.
        qint64 bytes = 0;
        /// The newest modification time, or 0 for an empty tar.
        [[nodiscard]] qint64 newestModified() const
        {
            return modified.isEmpty() ? 0 : *std::max_element(modified.begin(), modified.end());
        }
    };

    /// Reads and checks the tar at `path` (shard `id`).
    [[nodiscard]] static Result<Summary> inspect(const QString &path, quint64 id, const QString &source);
    /// Checks the tar at `path` and writes its files to `<dataDir>/<db>/<rp>/<id>/<file>`
    /// (replacing a file of the same name), each fsynced. On an error the files written so far
    /// stay: extract into a staging directory.
    [[nodiscard]] static Result<Summary> extract(const QString &path, quint64 id, const QString &source,
                                                 const QString &dataDir);

    /// Where the files of a tar go as it streams, one after the other (Extractor's third form):
    /// begin(), the file's bytes, end(), for each file that passed the checks so far (its name,
    /// its db/rp/id, the TSM magic at its start). Called on the extractor's thread.
    class Visitor {
    public:
        virtual ~Visitor() = default;
        /// A file of the tar: its name in the shard's directory (`000000001-000000001.tsm`) and size.
        [[nodiscard]] virtual Status begin(const QString &file, qint64 size) = 0;
        [[nodiscard]] virtual Status write(const char *bytes, qsizetype size) = 0;
        [[nodiscard]] virtual Status end() = 0;
    };

    /// Writes a tar of regular files to `out` as influxd's own shard-update client does (ustar
    /// headers, pax where a name needs more), ending with the two zero blocks and nothing after
    /// them: influxd stops reading at the end blocks, and bytes it leaves unread make it reset
    /// the connection. An online restore renames a shard's files with it (`db/rp/<new id>/file`).
    class Writer {
    public:
        using Out = std::function<Status(const char *bytes, qsizetype size)>;
        explicit Writer(Out out);
        ~Writer();
        Writer(const Writer &) = delete;
        Writer &operator=(const Writer &) = delete;
        /// A file of `size` bytes named `name`; its bytes follow through write(), exactly `size`.
        [[nodiscard]] Status begin(const QString &name, qint64 size, qint64 modified);
        [[nodiscard]] Status write(const char *bytes, qsizetype size);
        /// The end blocks.
        [[nodiscard]] Status finish();

    private:
        struct Private;
        std::unique_ptr<Private> d;
    };
    /// extract() for a tar whose bytes stream in (a restore reads each link once): checks it and
    /// writes its files as they come, read by libarchive on a thread of its own from a queue of at
    /// most kQueueBytes. Files are not fsynced (the restore syncs the file system once); each is
    /// read back through `readBack` against the checksum of the bytes written to it.
    class Extractor {
    public:
        static constexpr qsizetype kQueueBytes = 8 << 20;
        /// The queue of an extractor that only checks (it writes nothing, so it keeps up).
        static constexpr qsizetype kCheckQueueBytes = 4 << 20;

        Extractor(quint64 id, QString source, QString dataDir, restorefs::ReadBack &readBack);
        /// Checks the tar as it streams and writes nothing: inspect() for a tar that is never a
        /// file (a backup checks each shard as influxd sends it).
        Extractor(quint64 id, QString source);
        /// Checks the tar as it streams and hands each file to `visitor` (which must outlive the
        /// extractor), e.g. to read the TSM files' indexes of a shard in a chain.
        Extractor(quint64 id, QString source, Visitor &visitor);
        ~Extractor(); ///< Stops the thread; what it wrote stays (extract into staging).
        Extractor(const Extractor &) = delete;
        Extractor &operator=(const Extractor &) = delete;

        /// The next bytes of the tar; fails as soon as the tar is found bad.
        [[nodiscard]] Status write(const char *bytes, qsizetype size);
        /// The same without a copy: the extractor keeps a reference to `bytes` until it read them.
        [[nodiscard]] Status write(QByteArray bytes);
        /// The end of the tar: waits for the last file.
        [[nodiscard]] Result<Summary> finish();

    private:
        struct Private;
        std::unique_ptr<Private> d;
    };
};

} // namespace tidemark
