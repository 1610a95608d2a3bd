#include "TestCertificate.h"

#include "NodeProcess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace {

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

} // namespace

QString TestCertificate::openssl()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

bool TestCertificate::make(const QString &dir, const QString &name, const QString &subjectAltName, QString *error)
{
    const QString key = QDir(dir).filePath(name + QStringLiteral(".key"));
    const QString crt = QDir(dir).filePath(name + QStringLiteral(".crt"));
    QProcess process;
    process.start(openssl(),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=tidemark-test-") + name, QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=") + subjectAltName, QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), crt});
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(process.readAllStandardError());
        return false;
    }
    if (!QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot make %1 owner-only").arg(key);
        return false;
    }
    return true;
}

void TestCertificate::serveTls(NodeProcess &node, const QString &dir, const QString &name)
{
    node.setConfigLine(QStringLiteral("idle-timeout"), quoted(QStringLiteral("30s")) + QStringLiteral("\ntls-cert = ") +
                                                           quoted(QDir(dir).filePath(name + QStringLiteral(".crt"))) +
                                                           QStringLiteral("\ntls-key = ") +
                                                           quoted(QDir(dir).filePath(name + QStringLiteral(".key"))));
}
