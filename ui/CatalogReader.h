#pragma once

#include "common/Error.h"
#include "retention/Catalog.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

template <typename T> class QFutureWatcher;

namespace tidemark::ui {

/// Reads the catalog of a location (Catalog::read: a directory or an S3 prefix, every chain's
/// link manifests) on a pool thread, for the catalog and retention dialogs.
///
/// start() begins a read; one started before and still running is cancelled and its outcome
/// dropped. progress() tells each chain as it is read; finished() follows once with catalog() or
/// error() set. The destructor cancels a running read and waits for it (Catalog::read stops
/// before its next chain).
class CatalogReader : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(CatalogReader)

public:
    explicit CatalogReader(QObject *parent = nullptr);
    ~CatalogReader() override;

    void start(const QString &location);
    [[nodiscard]] bool isReading() const { return m_reading; }
    /// The last catalog read; nullopt before the first read ended, or when it failed.
    [[nodiscard]] const std::optional<Catalog> &catalog() const { return m_catalog; }
    /// Why the last read failed (code Ok when it did not).
    [[nodiscard]] const Error &error() const { return m_error; }

Q_SIGNALS:
    void progress(const QString &chain, int done, int total);
    void finished(bool ok);

private:
    struct Outcome {
        std::optional<Catalog> catalog;
        Error error{ErrorCode::Ok, {}, {}};
    };
    struct Read {
        QFutureWatcher<Outcome> *watcher = nullptr;
        std::shared_ptr<std::atomic_bool> cancelled;
    };

    std::vector<Read> m_reads; ///< Every read still running; the last one counts.
    int m_generation = 0;
    bool m_reading = false;
    std::optional<Catalog> m_catalog;
    Error m_error{ErrorCode::Ok, {}, {}};
};

} // namespace tidemark::ui
