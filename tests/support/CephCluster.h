#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

/// A real Ceph cluster on loopback for the S3 tests: `scripts/ceph-test-cluster.sh run` (Debian's
/// ceph-mon, ceph-osd on memstore and radosgw, pacific) in a temporary directory, with one S3 user.
/// The monitor's and the gateway's ports are picked free; the endpoint is http://127.0.0.1:PORT,
/// path-style, plain HTTP. The script runs as this process's child and stops the daemons when its
/// standard input ends: at stop(), at exit, or when this process dies in any other way.
///
/// One cluster per test process (shared()); each test takes a fresh bucket (makeBucket()).
class CephCluster {
public:
    CephCluster();
    ~CephCluster();
    CephCluster(const CephCluster &) = delete;
    CephCluster &operator=(const CephCluster &) = delete;

    /// The process's cluster, started at the first call (start() then tells how that went) and
    /// stopped when the application object goes away, or at exit.
    static CephCluster &shared();
    /// True when the Debian packages are installed (ceph-mon, ceph-osd, radosgw, s3cmd).
    static bool available();
    /// scripts/ceph-test-cluster.sh of the source tree.
    static QString script();

    /// Starts the cluster and returns once the gateway serves S3 with the user's keys (about 2 s).
    /// True at once when it runs; after a failed start, false with the same error again.
    [[nodiscard]] bool start(QString *error);
    /// Stops the daemons (TERM, KILL after a while) and waits for the script to end.
    void stop();
    [[nodiscard]] bool running() const;

    /// http://127.0.0.1:PORT
    [[nodiscard]] QString endpoint() const { return m_env.value(QStringLiteral("TIDEMARK_CEPH_ENDPOINT")); }
    [[nodiscard]] QString accessKey() const { return m_env.value(QStringLiteral("TIDEMARK_CEPH_ACCESS_KEY")); }
    [[nodiscard]] QString secretKey() const { return m_env.value(QStringLiteral("TIDEMARK_CEPH_SECRET_KEY")); }
    /// The zonegroup's name, "default": the only LocationConstraint the gateway takes. SigV4
    /// requests may name any region in their scope (the gateway signs with the one they name).
    [[nodiscard]] QString region() const { return m_env.value(QStringLiteral("TIDEMARK_CEPH_REGION")); }
    /// An s3cmd configuration for the endpoint and the user.
    [[nodiscard]] QString s3cfgPath() const { return m_dir.filePath(QStringLiteral("s3cfg")); }
    /// The cluster's directory (ceph.conf, log/, run/).
    [[nodiscard]] QString root() const { return m_dir.path(); }

    /// Creates a new, empty bucket with a name no other call gives; empty (and *error set) when
    /// s3cmd fails.
    QString makeBucket(QString *error);
    /// Runs `s3cmd -c s3cfgPath() ARGS` to completion; its output lines (standard output, then
    /// standard error). *exitCode is s3cmd's exit code, -1 when it did not finish in 10 minutes.
    QStringList s3cmd(const QStringList &args, int *exitCode);

private:
    bool readEnv(QString *error);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QMap<QString, QString> m_env;
    QByteArray m_stderr;
    QString m_error;
    bool m_started = false;
    int m_buckets = 0;
};
