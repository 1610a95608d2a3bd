#include "InfluxProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QUrlQuery>

#include <csignal>

namespace {

// Two free loopback ports: held open together so they differ, then released for influxd.
std::pair<quint16, quint16> freePorts()
{
    QTcpServer a;
    QTcpServer b;
    if (!a.listen(QHostAddress::LocalHost, 0) || !b.listen(QHostAddress::LocalHost, 0))
        return {0, 0};
    return {a.serverPort(), b.serverPort()};
}

} // namespace

InfluxProcess::InfluxProcess() = default;

InfluxProcess::~InfluxProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
}

QString InfluxProcess::binary()
{
    return QStandardPaths::findExecutable(QStringLiteral("influxd"),
                                          {QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin")});
}

bool InfluxProcess::start(QString *error)
{
    if (!QFile::exists(configPath())) {
        const auto [http, snapshot] = freePorts();
        m_httpPort = http;
        m_snapshotPort = snapshot;
        const QString text = QStringLiteral("reporting-disabled = true\n"
                                            "bind-address = \"127.0.0.1:%1\"\n"
                                            "[meta]\n  dir = \"%2\"\n"
                                            "[data]\n  dir = \"%3\"\n  wal-dir = \"%4\"\n"
                                            "[monitor]\n  store-enabled = false\n"
                                            "[http]\n  bind-address = \"127.0.0.1:%5\"\n  log-enabled = false\n"
                                            "[logging]\n  level = \"warn\"\n")
                                 .arg(m_snapshotPort)
                                 .arg(metaDir(), dataDir(), walDir())
                                 .arg(m_httpPort);
        QFile file(configPath());
        if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0) {
            *error = QStringLiteral("cannot write ") + configPath();
            return false;
        }
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(binary(), {QStringLiteral("run"), QStringLiteral("-config"), configPath()});
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        m_process->waitForReadyRead(100);
        m_output += m_process->readAll();
        if (m_process->state() == QProcess::NotRunning) {
            *error = QStringLiteral("influxd exited with %1: %2")
                         .arg(m_process->exitCode())
                         .arg(QString::fromUtf8(m_output));
            return false;
        }
        if (request("GET", QStringLiteral("/ping")).status == 204)
            return true;
    }
    *error = QStringLiteral("influxd did not answer /ping: ") + QString::fromUtf8(m_output);
    return false;
}

int InfluxProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return -1;
    ::kill(static_cast<pid_t>(m_process->processId()), SIGTERM);
    if (!m_process->waitForFinished(30000)) {
        m_process->kill();
        m_process->waitForFinished(10000);
        return -1;
    }
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void InfluxProcess::kill()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->kill();
    m_process->waitForFinished(30000);
}

NodeProcess::Reply InfluxProcess::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body)
{
    return NodeProcess::httpRequest(m_network, m_httpPort, method, pathAndQuery, body);
}

QString InfluxProcess::queryValue(const QString &database, const QString &query)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("db"), database);
    params.addQueryItem(QStringLiteral("q"), query);
    const NodeProcess::Reply reply = request("GET", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded));
    const QJsonArray values = QJsonDocument::fromJson(reply.body)
                                  .object()
                                  .value(QStringLiteral("results"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("series"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QStringLiteral("values"))
                                  .toArray();
    if (values.isEmpty())
        return QStringLiteral("(no value: %1)").arg(QString::fromUtf8(reply.body));
    return values.at(0).toArray().at(1).toVariant().toString();
}
