#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

/// A real `tidemarkd` process on a loopback port chosen by the kernel, with its own temporary
/// directories. The binary comes from the TIDEMARKD environment variable (set by ctest).
class NodeProcess {
public:
    NodeProcess();
    ~NodeProcess();

    /// Writes the config (`tidemarkd config` output plus `extraToml` appended to its sections
    /// by key replacement) and starts the node; false with a message on failure.
    [[nodiscard]] bool start(QString *error);
    /// SIGTERM and wait; returns the exit code (-1 when it had to be killed).
    int stop();
    void kill();

    [[nodiscard]] quint16 httpPort() const { return m_port; }
    [[nodiscard]] quint16 snapshotPort() const { return m_snapshotPort; }
    [[nodiscard]] QString snapshotHost() const { return QStringLiteral("127.0.0.1:%1").arg(m_snapshotPort); }
    [[nodiscard]] qint64 pid() const { return m_process ? m_process->processId() : 0; }
    [[nodiscard]] QString configPath() const { return m_dir.filePath(QStringLiteral("tidemarkd.conf")); }
    [[nodiscard]] QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    [[nodiscard]] QString brokerDir() const { return m_dir.filePath(QStringLiteral("broker")); }
    [[nodiscard]] QString root() const { return m_dir.path(); }
    [[nodiscard]] QByteArray stderrText() const { return m_stderr; }

    /// The environment the node runs in from its next start (e.g. libfaketime's); default: this
    /// process's.
    void setEnvironment(const QProcessEnvironment &env) { m_env = env; }
    /// Replaces a `key = value` line of the config (written on first start) before the next start.
    void setConfigLine(const QString &key, const QString &value) { m_overrides.append({key, value}); }

    struct Reply {
        int status = 0;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const;
    };
    /// One HTTP request to the node; status 0 on a network error.
    Reply request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                  const QByteArray &contentType = "text/plain");
    /// One HTTP request to 127.0.0.1:`port` (any HTTP server: influxd too).
    static Reply httpRequest(QNetworkAccessManager &network, quint16 port, const QByteArray &method,
                             const QString &pathAndQuery, const QByteArray &body = {},
                             const QByteArray &contentType = "text/plain");

    static QString binary();
    /// The tidemark-cli binary (TIDEMARK_CLI, set by ctest).
    static QString cliBinary();
    /// Runs `tidemark-cli ARGS`; returns its exit code.
    static int runCli(const QStringList &args, QByteArray *out, QByteArray *err);
    /// Runs `tidemarkd ARGS` to completion (e.g. inspect) and returns its exit code.
    static int run(const QStringList &args, QByteArray *out, QByteArray *err);

private:
    bool writeConfig(QString *error);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QList<QPair<QString, QString>> m_overrides;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    QByteArray m_stderr;
    quint16 m_port = 0;
    quint16 m_snapshotPort = 0;
    QNetworkAccessManager m_network;
};
