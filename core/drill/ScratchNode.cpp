#include "drill/ScratchNode.h"

#include "kinds/NodeKind.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>

#include <csignal>
#include <sys/prctl.h>

namespace tidemark {

namespace {

/// Decodes a chunked HTTP body; empty optional when it is not well formed.
std::optional<QByteArray> dechunk(const QByteArray &body)
{
    QByteArray out;
    qsizetype pos = 0;
    while (true) {
        const qsizetype end = body.indexOf("\r\n", pos);
        if (end < 0)
            return std::nullopt;
        bool ok = false;
        const qsizetype size = body.mid(pos, end - pos).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0 || end + 2 + size > body.size())
            return std::nullopt;
        if (size == 0)
            return out;
        out += body.mid(end + 2, size);
        pos = end + 2 + size + 2;
    }
}

} // namespace

ScratchNode::ScratchNode(const NodeKind &kind, const Options &options, const QString &templatePath)
    : m_kind(kind), m_options(options), m_dir(templatePath)
{
}

ScratchNode::~ScratchNode()
{
    stop();
    if (m_lock)
        m_lock->unlock(); // Before the directory goes, or for good when it is kept.
}

int ScratchNode::removeLeftovers(const QString &parentDir)
{
    int removed = 0;
    const QDir parent(parentDir);
    for (const QString &name : parent.entryList({kPrefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = parent.filePath(name);
        if (!QFile::exists(dir + QStringLiteral("/scratch.lock")))
            continue; // Kept (drill --keep), or not ours.
        QLockFile lock(dir + QStringLiteral("/scratch.lock"));
        if (!lock.tryLock(0))
            continue; // Its process still runs.
        lock.unlock();
        if (QDir(dir).removeRecursively())
            ++removed;
    }
    return removed;
}

Result<QString> ScratchNode::findProgram(const NodeKind &kind)
{
    const QString name = kind.program();
    const QString variable = name.toUpper();
    const QString fromEnv = qEnvironmentVariable(variable.toLatin1().constData());
    if (!fromEnv.isEmpty()) {
        const QFileInfo info(fromEnv);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        return makeError(ErrorCode::Config, tr("%1=%2 is not an executable program.").arg(variable, fromEnv),
                         tr("Point %1 at the %2 program, or unset it to use the one on PATH.").arg(variable, name));
    }
    if (QCoreApplication::instance()) {
        const QFileInfo beside(QCoreApplication::applicationDirPath() + QLatin1Char('/') + name);
        if (beside.isFile() && beside.isExecutable())
            return beside.absoluteFilePath();
    }
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty())
        return onPath;
    return makeError(ErrorCode::Config,
                     tr("%1 was not found (needed to run a scratch %2).").arg(name, kind.displayName()),
                     tr("Install it (Debian: apt install %1) or set %2 to its path.")
                         .arg(name == QLatin1String("influxd") ? QStringLiteral("influxdb") : name, variable));
}

Result<std::unique_ptr<ScratchNode>> ScratchNode::create(const NodeKind &kind, const Options &options)
{
    auto program = findProgram(kind);
    if (!program)
        return program.error();
    const QString parent = QDir(options.parentDir.isEmpty() ? QDir::tempPath() : options.parentDir).absolutePath();
    if (!QFileInfo(parent).isDir())
        return makeError(ErrorCode::Io, tr("The scratch location %1 is not a directory.").arg(parent),
                         tr("Create it, or give another with --scratch DIR."));
    removeLeftovers(parent);
    std::unique_ptr<ScratchNode> node(
        new ScratchNode(kind, options, parent + QLatin1Char('/') + kPrefix + QStringLiteral("XXXXXX")));
    if (!node->m_dir.isValid())
        return makeError(ErrorCode::Io,
                         tr("Cannot create a scratch directory in %1: %2").arg(parent, node->m_dir.errorString()),
                         tr("Give a directory you can write with --scratch DIR."));
    node->m_program = program.value();
    node->m_lock = std::make_unique<QLockFile>(node->dir() + QStringLiteral("/scratch.lock"));
    if (!node->m_lock->tryLock(0))
        return makeError(ErrorCode::Io, tr("Cannot lock the scratch directory %1").arg(node->dir()));
    // Two free loopback ports, held open together so they differ, then released for the node.
    {
        QTcpServer http;
        QTcpServer snapshot;
        if (!http.listen(QHostAddress::LocalHost, 0) || !snapshot.listen(QHostAddress::LocalHost, 0))
            return makeError(ErrorCode::Io, tr("No free loopback port for a scratch node: %1").arg(http.errorString()));
        node->m_http = {QStringLiteral("127.0.0.1"), http.serverPort()};
        node->m_snapshot = {QStringLiteral("127.0.0.1"), snapshot.serverPort()};
    }
    node->m_setup = kind.scratchSetup(node->dir(), node->m_http, node->m_snapshot);
    const NodeKind::ScratchSetup &setup = node->m_setup;
    node->m_configPath = node->dir() + QLatin1Char('/') + setup.configName;
    QFile config(node->m_configPath);
    if (!config.open(QIODevice::WriteOnly) || config.write(setup.configText) != setup.configText.size() ||
        !config.flush())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(node->m_configPath, config.errorString()));
    return node;
}

Status ScratchNode::start(const std::atomic_bool *cancelled)
{
    if (isRunning())
        return {};
    m_process = std::make_unique<QProcess>();
    m_process->setWorkingDirectory(dir());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(dir() + QStringLiteral("/node.log"), QIODevice::Append);
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(m_program, m_setup.arguments);
    if (!m_process->waitForStarted(10000))
        return makeError(ErrorCode::State, tr("Cannot start %1: %2").arg(m_program, m_process->errorString()));

    const auto failed = [this](const QString &what) {
        const QString tail = logTail();
        return makeError(ErrorCode::State, tail.isEmpty() ? what : what + QStringLiteral(":\n") + tail,
                         tr("The node's log is %1/node.log (keep it with --keep).").arg(dir()));
    };
    QDeadlineTimer deadline(m_options.startTimeoutMs);
    while (!deadline.hasExpired()) {
        if (cancelled && cancelled->load()) {
            stop();
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        }
        if (m_process->waitForFinished(200) || m_process->state() == QProcess::NotRunning) {
            const bool crashed = m_process->exitStatus() == QProcess::CrashExit;
            return failed(crashed ? tr("%1 crashed while starting on the restored files").arg(m_kind.program())
                                  : tr("%1 exited with code %2 while starting on the restored files")
                                        .arg(m_kind.program())
                                        .arg(m_process->exitCode()));
        }
        auto ping = get(QStringLiteral("/ping"), 2000);
        if (!ping || ping->status != 204)
            continue;
        QTcpSocket snapshot;
        snapshot.connectToHost(m_snapshot.host, m_snapshot.port);
        if (snapshot.waitForConnected(2000))
            return {};
    }
    stop();
    return failed(tr("%1 did not answer on %2 within %3 s")
                      .arg(m_kind.program(), m_http.toString())
                      .arg(m_options.startTimeoutMs / 1000));
}

bool ScratchNode::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

int ScratchNode::stop()
{
    if (!m_process)
        return -1;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(m_process->processId()), SIGTERM);
        if (!m_process->waitForFinished(m_options.stopTimeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(10000);
            return -1;
        }
    }
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

Result<QJsonObject> ScratchNode::inspect(int timeoutMs) const
{
    if (m_setup.inspectArguments.isEmpty())
        return makeError(ErrorCode::NotFound, tr("%1 has no content inspection").arg(m_kind.program()));
    QProcess process;
    process.setWorkingDirectory(dir());
    process.start(m_program, m_setup.inspectArguments);
    const bool finished = process.waitForFinished(timeoutMs);
    const QByteArray out = process.readAllStandardOutput();
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    if (!finished) {
        process.kill();
        process.waitForFinished(10000);
        return makeError(ErrorCode::State, tr("%1 %2 did not finish within %3 s")
                                               .arg(m_kind.program(), m_setup.inspectArguments.value(0))
                                               .arg(timeoutMs / 1000));
    }
    const QJsonDocument json = QJsonDocument::fromJson(out);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 || !json.isObject())
        return makeError(ErrorCode::State, tr("%1 %2 failed on the restored files: %3")
                                               .arg(m_kind.program(), m_setup.inspectArguments.value(0),
                                                    err.isEmpty() ? QString::fromUtf8(out.left(500)) : err));
    return json.object();
}

QStringList ScratchNode::errorLines() const
{
    QStringList lines;
    QFile log(dir() + QStringLiteral("/node.log"));
    if (m_setup.errorLogMarker.isEmpty() || !log.open(QIODevice::ReadOnly))
        return lines;
    const QByteArray marker = m_setup.errorLogMarker.toUtf8();
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        if (line.contains(marker))
            lines << QString::fromUtf8(line).trimmed();
    }
    return lines;
}

QString ScratchNode::logTail(int maxBytes) const
{
    QFile log(dir() + QStringLiteral("/node.log"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    if (log.size() > maxBytes)
        log.seek(log.size() - maxBytes);
    QByteArray tail = log.readAll();
    if (log.size() > maxBytes) {
        const qsizetype newline = tail.indexOf('\n');
        if (newline >= 0)
            tail = tail.mid(newline + 1); // Whole lines only.
    }
    return QString::fromUtf8(tail).trimmed();
}

Result<ScratchNode::Reply> ScratchNode::get(const QString &pathAndQuery, int timeoutMs) const
{
    QDeadlineTimer deadline(timeoutMs);
    QTcpSocket socket;
    socket.connectToHost(m_http.host, m_http.port);
    if (!socket.waitForConnected(static_cast<int>(deadline.remainingTime())))
        return makeError(ErrorCode::Connection,
                         tr("The scratch node at %1 does not answer: %2").arg(m_http.toString(), socket.errorString()));
    const QByteArray request = "GET " + pathAndQuery.toUtf8() + " HTTP/1.1\r\nHost: " + m_http.toString().toUtf8() +
                               "\r\nConnection: close\r\n\r\n";
    socket.write(request);
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(static_cast<int>(std::min<qint64>(deadline.remainingTime(), 1000)));
        answer += socket.readAll();
    }
    answer += socket.readAll();
    if (socket.state() == QAbstractSocket::ConnectedState)
        return makeError(ErrorCode::Connection, tr("The scratch node at %1 did not answer %2 within %3 s")
                                                    .arg(m_http.toString(), pathAndQuery)
                                                    .arg(timeoutMs / 1000));
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    const QList<QByteArray> statusLine = answer.left(answer.indexOf("\r\n")).split(' ');
    if (headEnd < 0 || statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
        return makeError(ErrorCode::Protocol,
                         tr("The scratch node at %1 sent no HTTP answer to %2.").arg(m_http.toString(), pathAndQuery));
    Reply reply;
    reply.status = statusLine.at(1).toInt();
    reply.body = answer.mid(headEnd + 4);
    if (answer.left(headEnd).toLower().contains("transfer-encoding: chunked")) {
        auto body = dechunk(reply.body);
        if (!body)
            return makeError(
                ErrorCode::Protocol,
                tr("The scratch node at %1 sent a broken chunked answer to %2.").arg(m_http.toString(), pathAndQuery));
        reply.body = *body;
    }
    return reply;
}

Result<QByteArray> ScratchNode::query(const QString &q, const QString &database, int timeoutMs) const
{
    QUrlQuery params;
    if (!database.isEmpty())
        params.addQueryItem(QStringLiteral("db"), database);
    params.addQueryItem(QStringLiteral("q"), q);
    auto reply = get(QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded), timeoutMs);
    if (!reply)
        return reply.error();
    const QJsonObject json = QJsonDocument::fromJson(reply->body).object();
    QString error = json.value(QStringLiteral("error")).toString();
    const QJsonValue results = json.value(QStringLiteral("results"));
    for (const QJsonValue &result : results.toArray()) {
        if (error.isEmpty())
            error = result.toObject().value(QStringLiteral("error")).toString();
    }
    if (reply->status != 200 || !error.isEmpty() || !results.isArray()) {
        const QString what = database.isEmpty()
                                 ? tr("The scratch node answered \"%1\" with %2: %3")
                                       .arg(q)
                                       .arg(reply->status)
                                       .arg(error.isEmpty() ? QString::fromUtf8(reply->body.left(500)) : error)
                                 : tr("Database %1 of the scratch node answered \"%2\" with %3: %4")
                                       .arg(database, q)
                                       .arg(reply->status)
                                       .arg(error.isEmpty() ? QString::fromUtf8(reply->body.left(500)) : error);
        return makeError(ErrorCode::Protocol, what);
    }
    return reply->body;
}

} // namespace tidemark
