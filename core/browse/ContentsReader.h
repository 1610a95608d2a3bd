#pragma once

#include "browse/ChainContents.h"
#include "common/Error.h"

#include <QCoreApplication>
#include <QFile>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace tidemark {

/// How one kind of node's files tell what they hold (NodeKind::contentsReader()): the meta file's
/// databases, retention policies and shards, and each shard's measurements, series and time
/// ranges. ChainBrowser plans which link gives which file and streams each out of its link into
/// a Sink this reader opens; what differs between kinds (an LMDB meta store and shard files, or
/// an InfluxDB meta blob and shard tars of TSM files) is here. Implemented by
/// `tidemark/TidemarkContents` and `influx1/InfluxContents`.
class ContentsReader {
public:
    virtual ~ContentsReader() = default;

    /// What a sink may use besides the bytes.
    struct Context {
        QString
            scratchDir; ///< A private local directory (the chain store's scratch) for files that need random access.
        QString source; ///< The link the file comes from, for messages.
        const std::atomic_bool *cancelled = nullptr;
        [[nodiscard]] bool isCancelled() const { return cancelled && cancelled->load(); }
    };

    /// Receives one file of a link as it streams out. write() gets the bytes in order, before
    /// they are proven: a sink that looks at them as they come must treat them as untrusted (and
    /// may fail early). finish() is called only once the link's reader checked the whole file
    /// (size and checksum), so a sink that needs the file whole and trusted (an LMDB file) opens
    /// it only there. A sink dropped without finish() leaves nothing in the scratch directory.
    class Sink {
    public:
        virtual ~Sink() = default;
        [[nodiscard]] virtual Status write(const char *bytes, qsizetype size) = 0;
        [[nodiscard]] virtual Status finish() = 0;
        /// Instead of write() and finish(): the whole file, already checked, at the local `path`
        /// (a file rebuilt from block links in the scratch directory). The sink reads it there
        /// and neither removes nor keeps it. By default its bytes are written, then finish().
        [[nodiscard]] virtual Status finishWith(const QString &path);
    };

    /// The sink of the `meta` file: its finish() fills `databases` with every database, its
    /// retention policies and their shards (id, time range; no measurements: ChainBrowser reads
    /// the shards it needs next). `databases` must outlive the sink.
    [[nodiscard]] virtual Result<std::unique_ptr<Sink>>
    openMeta(const Context &context, std::vector<ChainContents::Database> *databases) const = 0;
    /// The sink of `shards/<id>`: its finish() fills `measurements`, by name.
    [[nodiscard]] virtual Result<std::unique_ptr<Sink>>
    openShard(const Context &context, quint64 id, std::vector<ChainContents::Measurement> *measurements) const = 0;
};

/// A file of the scratch directory that a sink fills (an LMDB file, a TSM file): written as the
/// bytes come, and removed when the object goes, whatever happened.
class ScratchFile {
    Q_DECLARE_TR_FUNCTIONS(ScratchFile)

public:
    explicit ScratchFile(QString path) : m_file(std::move(path)) {}
    ~ScratchFile() { remove(); }
    ScratchFile(const ScratchFile &) = delete;
    ScratchFile &operator=(const ScratchFile &) = delete;

    [[nodiscard]] Status open();
    [[nodiscard]] Status write(const char *bytes, qsizetype size);
    /// Closes it for reading by name (flushed; no fsync: it never outlives the process's work).
    [[nodiscard]] Status close();
    void remove();
    [[nodiscard]] QString path() const { return m_file.fileName(); }

private:
    QFile m_file;
};

} // namespace tidemark
