// Encrypted chains end to end (issue 16), local: a real tidemarkd and a real influxd backed up
// with `backup --encrypt`, read back and restored with the passphrase only; nothing of the data
// readable in any link; every changed byte and every cut refused by verify and by restore before
// the target is touched; a wrong passphrase refused before anything is written; the passphrase
// nowhere in the output, the command line or the environment; plain and encrypted never mixed.
// (The same round trips on Ceph are in tst_s3chain; key add/remove/rotate in tst_keycommand.)
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "backup/ChainVerifier.h"
#include "crypto/ChainKeys.h"
#include "crypto/LinkCipher.h"
#include "restore/RestoreEngine.h"
#include "storage/EncryptedChainStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QByteArray kPassphrase = "tidal flats at dawn 4471";
// Written into the node: none may appear in an encrypted link.
const QByteArray kDatabase = "canarydbq7";
const QByteArray kMeasurement = "canarymeasurex9";
const QByteArray kTagValue = "canarytagz3";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size() &&
           f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

QString linkPath(const QString &chain, int number)
{
    return number < 0 ? chain : chain + QLatin1Char('.') + QString::number(number);
}

// The links of a local chain, the full snapshot first.
QStringList linksOf(const QString &chain)
{
    QStringList links;
    for (int n = -1; QFileInfo::exists(linkPath(chain, n)); ++n)
        links << linkPath(chain, n);
    return links;
}

QByteArray canaryBatch(int k)
{
    QByteArray lines;
    for (int j = 0; j < 200; ++j)
        lines += kMeasurement + ",host=" + kTagValue + ",j=" + QByteArray::number(j % 7) +
                 " v=" + QByteArray::number(k * 1000 + j) + ",note=\"" + kTagValue + "\" " +
                 QByteArray::number(10 * kDayNs + qint64{k} * 1000000000 + j) + '\n';
    return lines;
}

} // namespace

class TestEncryption : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    NodeProcess m_target; // Stopped: restores go here.
    QTemporaryDir m_dir;
    int m_batch = 0;

    QString path(const QString &relative) const
    {
        const QString p = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(p).absolutePath());
        return p;
    }
    QString passphraseFile() const { return m_dir.filePath(QStringLiteral("passphrase")); }
    QStringList secret() const { return {QStringLiteral("--passphrase-file"), passphraseFile()}; }
    // Cheap Argon2id for tests (the defaults are measured in tests/bench).
    static QStringList cheapKdf()
    {
        return {QStringLiteral("--kdf-memory"), QStringLiteral("8"), QStringLiteral("--kdf-passes"),
                QStringLiteral("1")};
    }

    bool write()
    {
        ++m_batch;
        return m_node
                   .request("POST", QStringLiteral("/write?db=%1").arg(QString::fromLatin1(kDatabase)),
                            canaryBatch(m_batch))
                   .status == 204;
    }

    int cli(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr)
    {
        return NodeProcess::runCli(args, out, err);
    }

    int backup(const QString &chain, const QStringList &options, QByteArray *err = nullptr)
    {
        return cli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost()} + options +
                       QStringList{chain},
                   nullptr, err);
    }

    // An encrypted chain of three links (full, two incrementals) of the canary node.
    QString encryptedChain(const QString &name, const QStringList &options = {})
    {
        const QString chain = path(name + QStringLiteral("/node"));
        if (QFileInfo::exists(chain))
            return chain;
        for (int i = 0; i < 3; ++i) {
            if (!write())
                return {};
            QByteArray err;
            const QStringList encrypt = i == 0 ? QStringList{QStringLiteral("--encrypt")} + cheapKdf() : QStringList{};
            if (backup(chain, options + secret() + encrypt, &err) != 0) {
                qWarning("%s", err.constData());
                return {};
            }
        }
        return chain;
    }

    // Empty when verify and the restore's preflight (reading every byte, as `restore --dry-run`)
    // both refuse `chain` as damaged (Integrity); else what they did instead.
    QString whyNotRefused(const QString &chain) const
    {
        auto verified = ChainVerifier::verify(chain);
        if (verified.ok())
            return QStringLiteral("verify passed");
        if (verified.error().code != ErrorCode::Integrity)
            return QStringLiteral("verify: ") + verified.error().message;
        RestoreEngine::Options options;
        options.configPath = m_target.configPath();
        options.chainPath = chain;
        options.owner = currentUser();
        options.checkEveryByte = true;
        const Error preflight = RestoreEngine(options).preflight().firstError();
        if (preflight.code != ErrorCode::Integrity)
            return QStringLiteral("restore preflight (%1): %2")
                .arg(static_cast<int>(preflight.code))
                .arg(preflight.message);
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(writeFile(passphraseFile(), kPassphrase + '\n'));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(
            m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+%1").arg(QString::fromLatin1(kDatabase)))
                .status,
            200);
        QVERIFY2(m_target.start(&error), qPrintable(error));
        QCOMPARE(m_target.stop(), 0);
        // In-process checks (ChainVerifier, RestoreEngine) open the chains with the same secret.
        auto secret = KeySecret::readPassphraseFile(passphraseFile());
        QVERIFY(secret.ok());
        std::vector<KeySecret> secrets;
        secrets.push_back(secret.takeValue());
        ChainSecrets::setSecrets(std::move(secrets));
    }

    void cleanupTestCase()
    {
        ChainSecrets::clear();
        QCOMPARE(m_node.stop(), 0);
    }

    void tidemarkRoundTrip_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("plain") << QStringList{};
        QTest::newRow("zstd") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd")};
    }

    // Full and incrementals (the later ones without --encrypt: the chain decides), every link
    // encrypted; verify, info and restore with the passphrase; the restored node equals the source.
    void tidemarkRoundTrip()
    {
        QFETCH(QStringList, options);
        const QString chain =
            encryptedChain(QStringLiteral("rt-%1").arg(QString::fromUtf8(QTest::currentDataTag())), options);
        QVERIFY(!chain.isEmpty());
        const QStringList links = linksOf(chain);
        QCOMPARE(links.size(), 3);
        for (const QString &link : links)
            QVERIFY2(LinkCipher::isEncrypted(readAll(link).left(8)), qPrintable(link));
        QVERIFY(QFileInfo::exists(chain + QStringLiteral(".keys")));
        QByteArray out;
        QByteArray err;
        QVERIFY2(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err) == 0, err.constData());
        QVERIFY2(out.contains("The chain is complete"), out.constData());
        QVERIFY2(cli(QStringList{QStringLiteral("info"), QStringLiteral("--json"), chain} + secret(), &out, &err) == 0,
                 err.constData());
        QVERIFY2(out.contains("\"encrypted\":true"), out.constData());
        const QByteArray before = treeHash(m_target.root());
        QVERIFY2(cli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), m_target.configPath(), chain,
                                 QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")} +
                         secret(),
                     &out, &err) == 0,
                 err.constData());
        QVERIFY(treeHash(m_target.root()) != before);
        const QString restored = inspectDigest(m_target.dataDir());
        // The source got no write after the last backup of this chain.
        QCOMPARE(restored, inspectDigest(m_node.dataDir()));
    }

    // A real influxd 1.6, encrypted (zstd incremental too), restored into a second influxd that
    // answers the same; its measurement and tag names are nowhere in the links.
    void influxRoundTrip()
    {
        if (InfluxProcess::binary().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("influxd is not installed (Debian package influxdb)");
            QSKIP("influxd is not installed (Debian package influxdb)");
        }
        InfluxProcess source;
        QString error;
        QVERIFY2(source.start(&error), qPrintable(error));
        QCOMPARE(
            source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+%1").arg(QString::fromLatin1(kDatabase)))
                .status,
            200);
        QCOMPARE(
            source.request("POST", QStringLiteral("/write?db=%1").arg(QString::fromLatin1(kDatabase)), canaryBatch(1))
                .status,
            204);
        const QString chain = path(QStringLiteral("influx/node"));
        const QStringList backupArgs{QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                     QStringLiteral("-host"), source.snapshotHost()};
        QByteArray out;
        QByteArray err;
        QVERIFY2(
            cli(backupArgs + secret() + cheapKdf() + QStringList{QStringLiteral("--encrypt"), chain}, &out, &err) == 0,
            err.constData());
        QTest::qWait(1100);
        QCOMPARE(
            source.request("POST", QStringLiteral("/write?db=%1").arg(QString::fromLatin1(kDatabase)), canaryBatch(2))
                .status,
            204);
        QVERIFY2(cli(backupArgs + secret() + QStringList{QStringLiteral("--compress"), QStringLiteral("zstd"), chain},
                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(out.startsWith("Incremental"), out.constData());
        QCOMPARE(linksOf(chain).size(), 2);
        for (const QString &link : linksOf(chain)) {
            const QByteArray bytes = readAll(link);
            QVERIFY(LinkCipher::isEncrypted(bytes.left(8)));
            for (const QByteArray &canary : {kDatabase, kMeasurement, kTagValue, QByteArray("manifest")})
                QVERIFY2(!bytes.contains(canary), canary.constData());
        }
        QVERIFY2(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err) == 0, err.constData());

        InfluxProcess target;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(cli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chain,
                                 QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")} +
                         secret(),
                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(target.start(&error), qPrintable(error));
        const QString query = QStringLiteral("SELECT count(v), sum(v) FROM %1").arg(QString::fromLatin1(kMeasurement));
        const QString expected = source.queryValue(QString::fromLatin1(kDatabase), query);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(target.queryValue(QString::fromLatin1(kDatabase), query), expected);
        QCOMPARE(target.stop(), 0);
        QCOMPARE(source.stop(), 0);
    }

    // The canary's database, measurement and tag, the file names and the manifest: in a plain
    // chain of the same node (so the search can fail), in no byte of an encrypted one.
    void noCanaryInAnyLink()
    {
        const QString plain = path(QStringLiteral("canary-plain/node"));
        QVERIFY(write());
        QCOMPARE(backup(plain, {}), 0);
        const QList<QByteArray> canaries{kDatabase, kMeasurement, kTagValue, QByteArray("shards/"),
                                         QByteArray("manifest")};
        const QByteArray plainBytes = readAll(plain);
        for (const QByteArray &canary : canaries)
            QVERIFY2(plainBytes.contains(canary), canary.constData());
        for (const QString &tag : {QStringLiteral("rt-plain"), QStringLiteral("rt-zstd")}) {
            const QString chain = encryptedChain(tag);
            QVERIFY(!chain.isEmpty());
            QStringList files = linksOf(chain);
            files << chain + QStringLiteral(".keys");
            for (const QString &file : files) {
                const QByteArray bytes = readAll(file);
                QVERIFY(!bytes.isEmpty());
                for (const QByteArray &canary : canaries)
                    QVERIFY2(!bytes.contains(canary),
                             qPrintable(file + QStringLiteral(": ") + QString::fromUtf8(canary)));
                QVERIFY(!bytes.contains(kPassphrase));
            }
        }
    }

    // 200 single-byte changes at random places of an encrypted chain: each one is refused by
    // verify and by the restore's preflight (Integrity), and the target stays as it was.
    void everyChangedByteIsRefused()
    {
        const QString chain = encryptedChain(QStringLiteral("rt-zstd"));
        QVERIFY(!chain.isEmpty());
        const QStringList links = linksOf(chain);
        qint64 total = 0;
        for (const QString &link : links)
            total += QFileInfo(link).size();
        const QByteArray targetBefore = treeHash(m_target.root());
        QRandomGenerator random(16);
        for (int k = 0; k < 200; ++k) {
            qint64 at = static_cast<qint64>(random.bounded(static_cast<quint64>(total)));
            int which = 0;
            while (at >= QFileInfo(links[which]).size()) {
                at -= QFileInfo(links[which]).size();
                ++which;
            }
            const QString link = links[which];
            QByteArray bytes = readAll(link);
            const QByteArray original = bytes;
            bytes[at] = static_cast<char>(bytes[at] ^ (1 << random.bounded(8)));
            QVERIFY(writeFile(link, bytes));
            const auto putBack = qScopeGuard([&] { writeFile(link, original); });
            const QString where = QStringLiteral("%1 byte %2").arg(link).arg(at);
            const QString why = whyNotRefused(chain);
            QVERIFY2(why.isEmpty(), qPrintable(where + QStringLiteral(": ") + why));
        }
        QCOMPARE(treeHash(m_target.root()), targetBefore);
        // And the chain is whole again.
        QVERIFY(ChainVerifier::verify(chain).ok());
    }

    // The same through the command line: verify and restore exit 7, the target untouched.
    void changedByteExitsSevenFromTheCommandLine()
    {
        const QString chain = encryptedChain(QStringLiteral("rt-plain"));
        QVERIFY(!chain.isEmpty());
        const QString link = linkPath(chain, 1);
        const QByteArray original = readAll(link);
        QByteArray bytes = original;
        const qsizetype at = bytes.size() / 2;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        QVERIFY(writeFile(link, bytes));
        const auto putBack = qScopeGuard([&] { writeFile(link, original); });
        const QByteArray targetBefore = treeHash(m_target.root());
        QByteArray out;
        QByteArray err;
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err), 7);
        QVERIFY2(err.contains(link.toUtf8()) && err.contains("does not authenticate") && err.contains("HINT:"),
                 err.constData());
        QCOMPARE(cli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), m_target.configPath(), chain,
                                 QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")} +
                         secret(),
                     &out, &err),
                 7);
        QCOMPARE(treeHash(m_target.root()), targetBefore);
    }

    // A link cut at random points, at a segment's end and one byte short: refused (7) by verify
    // and by the restore's preflight.
    void truncatedLinksAreRefused()
    {
        const QString chain = encryptedChain(QStringLiteral("rt-plain"));
        QVERIFY(!chain.isEmpty());
        const QByteArray targetBefore = treeHash(m_target.root());
        QRandomGenerator random(1616);
        for (const QString &link : linksOf(chain)) {
            const QByteArray original = readAll(link);
            const auto putBack = qScopeGuard([&] { writeFile(link, original); });
            QList<qsizetype> cuts{0, 8, LinkCipher::kHeaderBytes, LinkCipher::kHeaderBytes + 10, original.size() - 1};
            const qsizetype segment =
                LinkCipher::kHeaderBytes + LinkCipher::kStreamHeaderBytes +
                LinkCipher::kMessagesPerSegment * (LinkCipher::kMessageOverhead + LinkCipher::kMessageBytes);
            if (segment < original.size())
                cuts << segment;
            for (int k = 0; k < 6; ++k)
                cuts << static_cast<qsizetype>(random.bounded(static_cast<quint64>(original.size())));
            for (const qsizetype cut : cuts) {
                QVERIFY(writeFile(link, original.left(cut)));
                const QString where = QStringLiteral("%1 cut at %2").arg(link).arg(cut);
                const QString why = whyNotRefused(chain);
                QVERIFY2(why.isEmpty(), qPrintable(where + QStringLiteral(": ") + why));
            }
        }
        QCOMPARE(treeHash(m_target.root()), targetBefore);
        QVERIFY(ChainVerifier::verify(chain).ok());
    }

    // A wrong passphrase: exit 5 naming the file (never the passphrase) from verify, restore and
    // backup; the target and the chain untouched.
    void wrongPassphraseIsAuth()
    {
        const QString chain = encryptedChain(QStringLiteral("rt-plain"));
        QVERIFY(!chain.isEmpty());
        const QString wrong = path(QStringLiteral("wrong-passphrase"));
        QVERIFY(writeFile(wrong, "not the passphrase\n"));
        const QStringList wrongSecret{QStringLiteral("--passphrase-file"), wrong};
        const QByteArray chainBefore = treeHash(QFileInfo(chain).path());
        const QByteArray targetBefore = treeHash(m_target.root());
        QByteArray out;
        QByteArray err;
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + wrongSecret, &out, &err), 5);
        QVERIFY2(err.contains("Wrong passphrase") && err.contains(wrong.toUtf8()), err.constData());
        QVERIFY(!err.contains("not the passphrase"));
        QCOMPARE(cli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), m_target.configPath(), chain,
                                 QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")} +
                         wrongSecret,
                     &out, &err),
                 5);
        QVERIFY(write());
        QCOMPARE(backup(chain, wrongSecret, &err), 5);
        QCOMPARE(cli({QStringLiteral("verify"), chain}, &out, &err), 5); // No secret at all.
        QVERIFY2(err.contains("is encrypted") && err.contains("--passphrase-file"), err.constData());
        QCOMPARE(treeHash(m_target.root()), targetBefore);
        QCOMPARE(treeHash(QFileInfo(chain).path()), chainBefore);
    }

    // The passphrase is in no output (--json included), and not in the command line or the
    // environment of a running backup; --passphrase is refused without echoing it.
    void thePassphraseLeaksNowhere()
    {
        const QString chain = path(QStringLiteral("leak/node"));
        QVERIFY(write());
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TIDEMARK_PASSPHRASE_FILE"), passphraseFile());
        process.setProcessEnvironment(environment);
        process.start(NodeProcess::cliBinary(),
                      QStringList{QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--encrypt"),
                                  QStringLiteral("--limit-rate"), QStringLiteral("60K"), QStringLiteral("-host"),
                                  m_node.snapshotHost()} +
                          cheapKdf() + QStringList{chain});
        QVERIFY(process.waitForStarted());
        const QString proc = QStringLiteral("/proc/%1/").arg(process.processId());
        QTRY_VERIFY_WITH_TIMEOUT(!readAll(proc + QStringLiteral("cmdline")).isEmpty(), 5000);
        QTest::qWait(300); // Well into the backup: the key is derived, the link is being written.
        const QByteArray cmdline = readAll(proc + QStringLiteral("cmdline"));
        const QByteArray environBytes = readAll(proc + QStringLiteral("environ"));
        QVERIFY(cmdline.contains("backup"));
        QVERIFY(environBytes.contains("TIDEMARK_PASSPHRASE_FILE"));
        QVERIFY(!cmdline.contains(kPassphrase));
        QVERIFY(!environBytes.contains(kPassphrase));
        QVERIFY(process.waitForFinished(120000));
        const QByteArray out = process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, err.constData());
        QVERIFY(out.contains("\"event\":\"done\""));
        QVERIFY(!out.contains(kPassphrase) && !err.contains(kPassphrase));
        QVERIFY(!readAll(chain + QStringLiteral(".keys")).contains(kPassphrase));

        QByteArray refusedOut;
        QByteArray refusedErr;
        QCOMPARE(cli({QStringLiteral("verify"), QStringLiteral("--passphrase"), QStringLiteral("opensesame42"), chain},
                     &refusedOut, &refusedErr),
                 2);
        QVERIFY2(refusedErr.contains("--passphrase-file"), refusedErr.constData());
        QVERIFY(!refusedErr.contains("opensesame42") && !refusedOut.contains("opensesame42"));
    }

    // Without a secret given, on a terminal, the passphrase is asked with echo off: a pty
    // (script(1)) shows the question, never the passphrase typed.
    void passphraseAskedOnTheTerminalWithoutEcho()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        QVERIFY2(!script.isEmpty(), "script(1) (util-linux) is missing");
        const QString chain = encryptedChain(QStringLiteral("rt-plain"));
        QVERIFY(!chain.isEmpty());
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("TIDEMARK_PASSPHRASE_FILE"));
        environment.remove(QStringLiteral("CREDENTIALS_DIRECTORY"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        const QString command = QStringLiteral("'%1' verify '%2'").arg(NodeProcess::cliBinary(), chain);
        process.start(script, {QStringLiteral("-q"), QStringLiteral("-e"), QStringLiteral("-c"), command,
                               QStringLiteral("/dev/null")});
        QVERIFY(process.waitForStarted());
        QByteArray output;
        QTRY_VERIFY_WITH_TIMEOUT((output += process.readAll()).contains("Passphrase for the chain"), 20000);
        QVERIFY2(output.contains(chain.toUtf8()), output.constData());
        process.write(kPassphrase + '\n');
        QVERIFY(process.waitForFinished(60000));
        output += process.readAll();
        QVERIFY2(process.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("The chain is complete"), output.constData());
        QVERIFY2(!output.contains(kPassphrase), output.constData());
    }

    // The full link decides: a plain chain refuses --encrypt; a plain link in an encrypted chain,
    // a link of another encrypted chain, and a chain whose keys are gone are refused with what
    // to do.
    void plainAndEncryptedNeverMix()
    {
        const QString plain = path(QStringLiteral("mix-plain/node"));
        QVERIFY(write());
        QCOMPARE(backup(plain, {}), 0);
        QByteArray out;
        QByteArray err;
        const QByteArray plainBefore = treeHash(QFileInfo(plain).path());
        QVERIFY(write());
        QCOMPARE(backup(plain, secret() + QStringList{QStringLiteral("--encrypt")}, &err), 2);
        QVERIFY2(err.contains("not encrypted") && err.contains("new PATH"), err.constData());
        QCOMPARE(treeHash(QFileInfo(plain).path()), plainBefore);

        // A plain link where an encrypted chain's next link goes.
        const QString chain = encryptedChain(QStringLiteral("mix-enc"));
        QVERIFY(!chain.isEmpty());
        const QString next = linkPath(chain, 2);
        QVERIFY(QFile::copy(plain, next));
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err), 7);
        QVERIFY2(err.contains("is not encrypted") && err.contains(next.toUtf8()), err.constData());
        QVERIFY(QFile::remove(next));

        // A link of another encrypted chain (another data key).
        const QString other = encryptedChain(QStringLiteral("rt-plain"));
        QVERIFY(QFile::copy(linkPath(other, 1), next));
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err), 7);
        QVERIFY2(err.contains("another data key"), err.constData());
        QVERIFY(QFile::remove(next));

        // An encrypted link dropped into a plain chain.
        const QString plainNext = linkPath(plain, 0);
        QVERIFY(QFile::copy(linkPath(chain, 0), plainNext));
        QCOMPARE(cli({QStringLiteral("verify"), plain}, &out, &err), 7);
        QVERIFY2(err.contains("is encrypted") && err.contains(plainNext.toUtf8()), err.constData());
        QVERIFY(QFile::remove(plainNext));

        // The keys file gone: the chain cannot be read, and the message says why.
        const QString keys = chain + QStringLiteral(".keys");
        const QByteArray keyBytes = readAll(keys);
        QVERIFY(QFile::remove(keys));
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err), 7);
        QVERIFY2(err.contains(keys.toUtf8()) && err.contains("HINT:"), err.constData());
        QVERIFY(writeFile(keys, keyBytes));
        QCOMPARE(cli(QStringList{QStringLiteral("verify"), chain} + secret(), &out, &err), 0);
    }

    // A first encrypted backup that fails (the node is not there) leaves no keys behind.
    void aFailedFirstBackupLeavesNoKeys()
    {
        const QString chain = path(QStringLiteral("failed/node"));
        QByteArray err;
        QCOMPARE(cli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"),
                                 QStringLiteral("--encrypt"), chain} +
                         secret() + cheapKdf(),
                     nullptr, &err),
                 4);
        QCOMPARE(QDir(QFileInfo(chain).path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }
};

QTEST_MAIN(TestEncryption)
#include "tst_encryption.moc"
