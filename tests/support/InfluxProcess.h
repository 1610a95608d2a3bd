#pragma once

#include "NodeProcess.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

/// A real InfluxDB 1.x `influxd` (Debian's influxdb package) on loopback ports picked free by the
/// test, with its meta, data and WAL directories in a temporary directory and the monitor store
/// off (so `_internal` adds no shards). Never the default ports.
class InfluxProcess {
public:
    InfluxProcess();
    ~InfluxProcess();

    /// The influxd binary on PATH, or empty when the package is not installed.
    static QString binary();

    /// Writes the config (first start only) and starts influxd; returns once /ping answers 204.
    [[nodiscard]] bool start(QString *error);
    /// SIGTERM and wait; the exit code (-1 when it had to be killed).
    int stop();
    /// SIGKILL (a crash of the node), and wait until it is gone.
    void kill();
    /// The process id of the running influxd (0 when none): a test may SIGKILL it from any thread.
    [[nodiscard]] qint64 processId() const { return m_process ? m_process->processId() : 0; }

    [[nodiscard]] quint16 httpPort() const { return m_httpPort; }
    [[nodiscard]] quint16 snapshotPort() const { return m_snapshotPort; }
    [[nodiscard]] QString snapshotHost() const { return QStringLiteral("127.0.0.1:%1").arg(m_snapshotPort); }
    [[nodiscard]] QString configPath() const { return m_dir.filePath(QStringLiteral("influxdb.conf")); }
    [[nodiscard]] QString metaDir() const { return m_dir.filePath(QStringLiteral("meta")); }
    [[nodiscard]] QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    [[nodiscard]] QString walDir() const { return m_dir.filePath(QStringLiteral("wal")); }
    [[nodiscard]] QString root() const { return m_dir.path(); }

    NodeProcess::Reply request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {});
    /// The first value of the first series of an InfluxQL query's JSON answer, as text.
    QString queryValue(const QString &database, const QString &query);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QNetworkAccessManager m_network;
    quint16 m_httpPort = 0;
    quint16 m_snapshotPort = 0;
    QByteArray m_output;
};
