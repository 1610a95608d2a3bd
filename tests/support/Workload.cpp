#include "Workload.h"

#include "NodeProcess.h"

#include "node/DataNode.h"
#include "node/NodeInspector.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QEventLoop>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <pwd.h>
#include <unistd.h>

namespace tidemark::test {

QByteArray batch(int k)
{
    QByteArray lines;
    for (int j = 0; j < 200; ++j)
        lines += "load,batch=" + QByteArray::number(k) + ",j=" + QByteArray::number(j % 10) +
                 " v=" + QByteArray::number(k * 1000 + j) + ",s=\"x\" " +
                 QByteArray::number(10 * kDayNs + k * 1000000LL + j) + '\n';
    return lines;
}

Writer::Writer(quint16 httpPort) : m_url(QStringLiteral("http://127.0.0.1:%1/write?db=hot").arg(httpPort))
{
}

Writer::Writer(quint16 httpPort, std::function<QByteArray(int)> makeBatch, const QString &database)
    : m_url(QStringLiteral("http://127.0.0.1:%1/write?db=%2").arg(httpPort).arg(database)),
      m_batch(std::move(makeBatch))
{
}

void Writer::next()
{
    if (m_stopping) {
        m_idle = true;
        return;
    }
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = m_network.post(request, m_batch(m_written + 1));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 204) {
            m_failed = true;
            m_idle = true;
            return;
        }
        ++m_written;
        if (m_pauseMs > 0)
            QTimer::singleShot(m_pauseMs, this, &Writer::next);
        else
            next();
    });
}

int runCliSpinning(const QStringList &args, QByteArray *out, QByteArray *err)
{
    QProcess process;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    process.start(NodeProcess::cliBinary(), args);
    if (!process.waitForStarted())
        return -1;
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    if (out)
        *out = process.readAllStandardOutput();
    if (err)
        *err = process.readAllStandardError();
    return process.state() == QProcess::NotRunning && process.exitStatus() == QProcess::NormalExit ? process.exitCode()
                                                                                                   : -1;
}

QString inspectDigest(const QString &dataDir)
{
    auto report = NodeInspector::inspect(dataDir);
    return report ? report->digest : QStringLiteral("inspect failed: ") + report.error().toString();
}

QString referenceDigest(int count, QString *shardDigest)
{
    QTemporaryDir dir;
    NodeConfig config;
    config.brokerDir = dir.filePath(QStringLiteral("b"));
    config.dataDir = dir.filePath(QStringLiteral("d"));
    {
        auto node = DataNode::open(config);
        if (!node || !node.value()->createDatabase(QStringLiteral("hot")))
            return {};
        for (int k = 1; k <= count; ++k) {
            const ParsedBatch parsed = parseLineProtocol(batch(k), Precision::Nanoseconds, 0);
            if (!node.value()->write(QStringLiteral("hot"), {}, parsed.points))
                return {};
        }
    }
    auto report = NodeInspector::inspect(config.dataDir);
    if (!report || report->databases.empty() || report->databases[0].shards.empty())
        return {};
    if (shardDigest)
        *shardDigest = report->databases[0].shards[0].digest;
    return report->digest;
}

QByteArray treeHash(const QString &root)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList entries;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        entries << it.next();
    entries.sort();
    for (const QString &path : entries) {
        const QFileInfo info(path);
        hash.addData(QByteArray(path.toUtf8() + '\0' + QByteArray::number(info.isSymLink()) +
                                QByteArray::number(info.isDir()) + ' ' + QByteArray::number(info.size()) + ' ' +
                                info.symLinkTarget().toUtf8() + ' ' + QByteArray::number(info.ownerId()) + ' ' +
                                QByteArray::number(static_cast<int>(info.permissions())) + '\n'));
        if (info.isFile() && !info.isSymLink()) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly))
                hash.addData(&file);
        }
    }
    return hash.result().toHex();
}

QString currentUser()
{
    const struct passwd *user = ::getpwuid(::geteuid());
    return user ? QString::fromLocal8Bit(user->pw_name) : QStringLiteral("root");
}

TmpfsMount::TmpfsMount(const QString &size) : m_dir(std::make_unique<QTemporaryDir>())
{
    if (::geteuid() != 0) {
        m_skipReason = QStringLiteral("needs root to mount a small tmpfs");
        return;
    }
    QProcess mount;
    mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                          QStringLiteral("size=") + size, QStringLiteral("tmpfs"), m_dir->path()});
    if (!mount.waitForFinished(10000) || mount.exitStatus() != QProcess::NormalExit || mount.exitCode() != 0)
        m_skipReason = QStringLiteral("this machine does not allow mounting a tmpfs");
}

TmpfsMount::~TmpfsMount()
{
    if (m_skipReason.isEmpty())
        QProcess::execute(QStringLiteral("umount"), {m_dir->path()});
}

QString TmpfsMount::path() const
{
    return m_dir->path();
}

} // namespace tidemark::test
