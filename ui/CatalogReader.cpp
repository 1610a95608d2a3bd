#include "CatalogReader.h"

#include <QFutureWatcher>
#include <QtConcurrent>

#include <algorithm>

namespace tidemark::ui {

CatalogReader::CatalogReader(QObject *parent) : QObject(parent)
{
}

CatalogReader::~CatalogReader()
{
    for (const Read &read : m_reads)
        read.cancelled->store(true);
    for (const Read &read : m_reads)
        read.watcher->waitForFinished();
}

void CatalogReader::start(const QString &location)
{
    for (const Read &read : m_reads)
        read.cancelled->store(true);
    const int generation = ++m_generation;
    m_reading = true;
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    m_reads.push_back({watcher, cancelled});
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation] {
        std::erase_if(m_reads, [watcher](const Read &read) { return read.watcher == watcher; });
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_reading = false;
        Outcome outcome = watcher->result();
        m_catalog = std::move(outcome.catalog);
        m_error = outcome.error;
        Q_EMIT finished(m_error.code == ErrorCode::Ok);
    });
    // Each chain read is told here through the event loop (this object outlives the read).
    watcher->setFuture(QtConcurrent::run([this, location, cancelled, generation] {
        auto read = Catalog::read(
            location,
            [this, generation](const QString &chain, int done, int total) {
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, chain, done, total] {
                        if (generation == m_generation)
                            Q_EMIT progress(chain, done, total);
                    },
                    Qt::QueuedConnection);
            },
            cancelled.get());
        Outcome outcome;
        if (read)
            outcome.catalog = read.takeValue();
        else
            outcome.error = read.error();
        return outcome;
    }));
}

} // namespace tidemark::ui
