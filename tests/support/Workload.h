#pragma once

// The numbered workload the backup and restore tests share: batch k is 200 points of its own
// series in one shard group, and each batch posted alone takes exactly one index, so "the data at
// index N" is known and can be rebuilt on a reference node.

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

namespace tidemark::test {

constexpr qint64 kDayNs = 86400LL * 1000000000;

/// Batch k: 200 points of series `load,batch=k`, all on day 10 (one shard).
QByteArray batch(int k);

/// Posts batches 1, 2, ... to database `hot`, one request at a time (so batch k gets index 1 + k
/// on a node whose only earlier change was CREATE DATABASE hot), until stopped. Needs an event loop.
class Writer : public QObject {
public:
    explicit Writer(quint16 httpPort);
    /// Posts `makeBatch(1)`, `makeBatch(2)`, ... to database `database` instead.
    Writer(quint16 httpPort, std::function<QByteArray(int)> makeBatch, const QString &database);
    void start() { next(); }
    void stop() { m_stopping = true; }
    /// Waits this long after each acknowledged batch before posting the next (default 0).
    void setPauseMs(int ms) { m_pauseMs = ms; }
    int written() const { return m_written; }
    bool failed() const { return m_failed; }
    bool idle() const { return m_idle; }

private:
    void next();

    QNetworkAccessManager m_network;
    QUrl m_url;
    std::function<QByteArray(int)> m_batch = batch;
    int m_written = 0;
    int m_pauseMs = 0;
    bool m_stopping = false;
    bool m_failed = false;
    bool m_idle = false;
};

/// Runs tidemark-cli while the event loop keeps spinning (so a Writer goes on); returns its exit
/// code, -1 when it crashed or did not end within two minutes.
int runCliSpinning(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr);

/// The `inspect` digest of a reference node that holds database `hot` with exactly batches
/// 1..count; `shardDigest` gets the digest of its one shard.
QString referenceDigest(int count, QString *shardDigest = nullptr);

/// The `inspect` digest of the node whose data directory is `dataDir` (every database and shard,
/// point for point), or a text starting "inspect failed:".
QString inspectDigest(const QString &dataDir);

/// A hash of everything under `root`: names, kinds, sizes, link targets, owners, modes and file
/// contents; equal before and after means nothing there changed.
QByteArray treeHash(const QString &root);

/// The name of the user this process runs as (for `restore --owner`).
QString currentUser();

/// A small tmpfs mounted on a temporary directory for the life of the object (needs root and a
/// machine that allows it): a real filesystem that fills up, for disk-full tests.
class TmpfsMount {
public:
    explicit TmpfsMount(const QString &size);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;
    /// Why it is not mounted (for QSKIP); empty when it is.
    [[nodiscard]] const QString &skipReason() const { return m_skipReason; }
    [[nodiscard]] QString path() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_skipReason;
};

} // namespace tidemark::test
