#include "NodeProcess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>

NodeProcess::NodeProcess() = default;

NodeProcess::~NodeProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        kill();
}

QString NodeProcess::binary()
{
    return qEnvironmentVariable("TIDEMARKD", QStringLiteral("tidemarkd"));
}

QString NodeProcess::cliBinary()
{
    return qEnvironmentVariable("TIDEMARK_CLI", QStringLiteral("tidemark-cli"));
}

static int runProgram(const QString &program, const QStringList &args, QByteArray *out, QByteArray *err)
{
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = process.readAllStandardOutput();
    if (err)
        *err = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

int NodeProcess::runCli(const QStringList &args, QByteArray *out, QByteArray *err)
{
    return runProgram(cliBinary(), args, out, err);
}

int NodeProcess::run(const QStringList &args, QByteArray *out, QByteArray *err)
{
    return runProgram(binary(), args, out, err);
}

bool NodeProcess::writeConfig(QString *error)
{
    QFile file(configPath());
    QByteArray text;
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return false;
        text = file.readAll();
        file.close();
    } else if (run({QStringLiteral("config"), QStringLiteral("-dir"), root(), QStringLiteral("-http-bind"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("-snapshot-bind"), QStringLiteral("127.0.0.1:0")},
                   &text, nullptr) != 0) {
        *error = QStringLiteral("tidemarkd config failed");
        return false;
    }
    for (const auto &[key, value] : m_overrides) {
        const QRegularExpression line(QStringLiteral("(?m)^%1 = .*$").arg(QRegularExpression::escape(key)));
        QString s = QString::fromUtf8(text);
        s.replace(line, key + QStringLiteral(" = ") + value);
        text = s.toUtf8();
    }
    m_overrides.clear();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    file.write(text);
    return true;
}

bool NodeProcess::start(QString *error)
{
    if (!writeConfig(error))
        return false;
    m_stderr.clear();
    m_port = 0;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_env);
    m_process->start(binary(), {QStringLiteral("-config"), configPath()});
    static const QRegularExpression listening(
        QStringLiteral("listening for HTTP on [^ ]+:(\\d+).*\n.*listening for snapshots on [^ ]+:(\\d+)"));
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning && !m_process->waitForReadyRead(0)) {
            m_stderr += m_process->readAllStandardError();
            *error = QStringLiteral("tidemarkd exited with %1: %2")
                         .arg(m_process->exitCode())
                         .arg(QString::fromUtf8(m_stderr));
            return false;
        }
        m_process->waitForReadyRead(100);
        m_stderr += m_process->readAllStandardError();
        const auto match = listening.match(QString::fromUtf8(m_stderr));
        if (match.hasMatch()) {
            m_port = static_cast<quint16>(match.captured(1).toUInt());
            m_snapshotPort = static_cast<quint16>(match.captured(2).toUInt());
            return true;
        }
    }
    *error = QStringLiteral("tidemarkd did not report its port: ") + QString::fromUtf8(m_stderr);
    return false;
}

int NodeProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return m_process ? m_process->exitCode() : -1;
    ::kill(static_cast<pid_t>(m_process->processId()), SIGTERM);
    if (!m_process->waitForFinished(30000)) {
        kill();
        return -1;
    }
    m_stderr += m_process->readAllStandardError();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void NodeProcess::kill()
{
    m_process->kill();
    m_process->waitForFinished(10000);
}

QByteArray NodeProcess::Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

NodeProcess::Reply NodeProcess::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                        const QByteArray &contentType)
{
    return httpRequest(m_network, m_port, method, pathAndQuery, body, contentType);
}

NodeProcess::Reply NodeProcess::httpRequest(QNetworkAccessManager &network, quint16 port, const QByteArray &method,
                                            const QString &pathAndQuery, const QByteArray &body,
                                            const QByteArray &contentType)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append({pair.first, pair.second});
    reply->deleteLater();
    return result;
}
