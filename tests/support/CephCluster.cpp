#include "CephCluster.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>

namespace {

// The script's steps give up after 60 s each; this is the bound on the whole start.
constexpr int kStartTimeoutMs = 180000;
// From the end of the script's input to its exit: the daemons one after the other, each given
// TIDEMARK_CEPH_STOP_TIMEOUT (10 s) before KILL.
constexpr int kStopTimeoutMs = 60000;
constexpr int kS3cmdTimeoutMs = 600000;

bool installed(const QString &name)
{
    return !QStandardPaths::findExecutable(name).isEmpty() ||
           !QStandardPaths::findExecutable(
                name, {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/bin")})
                .isEmpty();
}

QString lastLine(const QByteArray &text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last());
}

} // namespace

CephCluster::CephCluster() = default;

CephCluster::~CephCluster()
{
    stop();
}

CephCluster &CephCluster::shared()
{
    // Destroyed at exit, which stops it; the post routine stops it earlier, while the application
    // object still exists (QTEST_MAIN's is on main()'s stack).
    static CephCluster cluster;
    if (!cluster.m_started) {
        if (QCoreApplication::instance())
            qAddPostRoutine([] { CephCluster::shared().stop(); });
        QString error;
        (void)cluster.start(&error);
    }
    return cluster;
}

bool CephCluster::available()
{
    for (const char *name : {"ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool", "ceph", "s3cmd"}) {
        if (!installed(QString::fromLatin1(name)))
            return false;
    }
    return QFile::exists(script());
}

QString CephCluster::script()
{
    return QStringLiteral(TIDEMARK_SOURCE_DIR "/scripts/ceph-test-cluster.sh");
}

bool CephCluster::running() const
{
    return m_process && m_process->state() == QProcess::Running && !m_env.isEmpty();
}

bool CephCluster::start(QString *error)
{
    if (running())
        return true;
    if (m_started) {
        *error = m_error.isEmpty() ? QStringLiteral("the Ceph test cluster was stopped") : m_error;
        return false;
    }
    m_started = true;
    // A failed start keeps its directory (logs) once there is something in it.
    const auto fail = [&](const QString &message) {
        m_error = message;
        if (m_process) {
            m_dir.setAutoRemove(false);
            m_error += QStringLiteral("\n(the cluster's directory stays: %1)").arg(m_dir.path());
        }
        *error = m_error;
        stop();
        return false;
    };
    if (!available())
        return fail(QStringLiteral("Ceph is not installed (Debian packages ceph-mon ceph-osd radosgw s3cmd; "
                                   "scripts/deps.sh installs them)"));
    if (!m_dir.isValid())
        return fail(QStringLiteral("no temporary directory: ") + m_dir.errorString());
    // TIDEMARK_CEPH_KEEP=1 keeps the directory (logs, config) for a look after the test.
    if (qEnvironmentVariableIntValue("TIDEMARK_CEPH_KEEP") != 0)
        m_dir.setAutoRemove(false);

    m_process = std::make_unique<QProcess>();
    m_process->start(QStringLiteral("bash"), {script(), QStringLiteral("run"), m_dir.path()});
    if (!m_process->waitForStarted(10000))
        return fail(QStringLiteral("cannot run bash: ") + m_process->errorString());
    QByteArray out;
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!out.contains('\n')) {
        if (m_process->state() == QProcess::NotRunning || deadline.hasExpired()) {
            m_stderr += m_process->readAllStandardError();
            return fail(QStringLiteral("%1 run %2 %3:\n%4")
                            .arg(script(), m_dir.path(),
                                 deadline.hasExpired() ? QStringLiteral("did not get ready in time")
                                                       : QStringLiteral("exited with %1").arg(m_process->exitCode()),
                                 QString::fromUtf8(m_stderr)));
        }
        m_process->waitForReadyRead(100);
        out += m_process->readAllStandardOutput();
        m_stderr += m_process->readAllStandardError();
    }
    if (!out.startsWith("ready "))
        return fail(QStringLiteral("unexpected output of %1: %2").arg(script(), QString::fromUtf8(out)));
    QString envError;
    if (!readEnv(&envError))
        return fail(envError);
    qInfo("Ceph test cluster: %s (%s)", qPrintable(endpoint()), qPrintable(lastLine(m_stderr)));
    return true;
}

bool CephCluster::readEnv(QString *error)
{
    QFile file(m_dir.filePath(QStringLiteral("env")));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + file.fileName();
        return false;
    }
    QMap<QString, QString> env;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            env.insert(QString::fromUtf8(line.left(equals)), QString::fromUtf8(line.mid(equals + 1)));
    }
    for (const char *key :
         {"TIDEMARK_CEPH_ENDPOINT", "TIDEMARK_CEPH_ACCESS_KEY", "TIDEMARK_CEPH_SECRET_KEY", "TIDEMARK_CEPH_REGION"}) {
        if (env.value(QString::fromLatin1(key)).isEmpty()) {
            *error = QStringLiteral("%1 lacks %2").arg(file.fileName(), QString::fromLatin1(key));
            return false;
        }
    }
    m_env = env;
    return true;
}

void CephCluster::stop()
{
    m_env.clear();
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        // The end of its input: the script stops the daemons and exits.
        m_process->closeWriteChannel();
        if (!m_process->waitForFinished(kStopTimeoutMs)) {
            m_process->terminate();
            if (!m_process->waitForFinished(kStopTimeoutMs)) {
                m_process->kill();
                m_process->waitForFinished(10000);
                // The daemons by their recorded PIDs, without the script that ran them.
                QProcess::execute(QStringLiteral("bash"), {script(), QStringLiteral("stop"), m_dir.path()});
            }
        }
    }
    m_stderr += m_process->readAllStandardError();
    m_process.reset();
}

QString CephCluster::makeBucket(QString *error)
{
    const QString name = QStringLiteral("tidemark-%1-%2")
                             .arg(++m_buckets)
                             .arg(QRandomGenerator::global()->bounded(0x1000000), 6, 16, QLatin1Char('0'));
    int exitCode = -1;
    const QStringList output = s3cmd({QStringLiteral("mb"), QStringLiteral("s3://") + name}, &exitCode);
    if (exitCode != 0) {
        *error = QStringLiteral("s3cmd mb s3://%1 exited with %2: %3")
                     .arg(name)
                     .arg(exitCode)
                     .arg(output.join(QLatin1Char('\n')));
        return {};
    }
    return name;
}

QStringList CephCluster::s3cmd(const QStringList &args, int *exitCode)
{
    QProcess process;
    process.start(QStringLiteral("s3cmd"), QStringList{QStringLiteral("-c"), s3cfgPath()} + args);
    const bool finished = process.waitForFinished(kS3cmdTimeoutMs);
    if (!finished && process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(10000);
    }
    const QByteArray text = process.readAllStandardOutput() + process.readAllStandardError();
    QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (process.error() == QProcess::FailedToStart)
        lines << QStringLiteral("cannot run s3cmd: ") + process.errorString();
    if (exitCode)
        *exitCode = finished && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return lines;
}
