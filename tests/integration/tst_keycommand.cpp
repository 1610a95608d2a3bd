// `tidemark-cli key list|add|remove|generate` end to end: a real tidemarkd, encrypted chains made by
// the real `tidemark-cli backup --encrypt`, and every key command run as its own process. Keys are
// added and removed, and the chain is then opened (verify, info, restore) with each key alone; the
// refusals (the last key, the key in use, a wrong passphrase, an ambiguous id, a held lock, a plain
// chain, --passphrase) must leave the keys file byte for byte as it was. The same on an s3://
// chain (FakeS3). Passphrase keys use the smallest Argon2id cost, so that the test stays fast
// under the sanitizers.
#include "support/CliRun.h"
#include "support/FakeS3.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "storage/ChainStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QStringList kSmallKdf{QStringLiteral("--kdf-memory"), QStringLiteral("8"), QStringLiteral("--kdf-passes"),
                            QStringLiteral("1")};

/// What one `tidemark-cli` run did.

/// `tidemark-cli ARGS` with no secret from the environment (nor systemd's) unless `env` gives one;
/// stdin is a pipe, so nothing is ever asked on a terminal.
CliRun cli(const QStringList &args, const QList<QPair<QString, QString>> &env = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("TIDEMARK_PASSPHRASE_FILE"));
    environment.remove(QStringLiteral("CREDENTIALS_DIRECTORY"));
    for (const auto &[name, value] : env)
        environment.insert(name, value);
    return runCli(args, environment);
}

bool has(const QByteArray &haystack, const QByteArray &needle)
{
    return haystack.contains(needle);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Writes `text` to `path` (mode 0600 unless `mode` says otherwise).
bool writeFile(const QString &path, const QByteArray &text,
               QFileDevice::Permissions mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size() && f.setPermissions(mode);
}

} // namespace

class TestKeyCommand : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_dir;
    int m_batch = 0;
    int m_chains = 0;

    QString file(const QString &name) const { return m_dir.filePath(name); }
    QString oldPass() const { return file(QStringLiteral("old.pass")); }
    QString newPass() const { return file(QStringLiteral("new.pass")); }
    QString wrongPass() const { return file(QStringLiteral("wrong.pass")); }
    QString keyFile() const { return file(QStringLiteral("first.key")); }

    static QStringList pass(const QString &path) { return {QStringLiteral("--passphrase-file"), path}; }
    static QStringList key(const QString &path) { return {QStringLiteral("--key-file"), path}; }

    /// A new encrypted chain (a full snapshot of the node), its one key the passphrase in oldPass().
    QString newChain()
    {
        ++m_batch;
        if (m_node.request("POST", QStringLiteral("/write?db=hot"), batch(m_batch)).status != 204)
            return {};
        const QString chain = file(QStringLiteral("chain%1/snap").arg(++m_chains));
        QDir().mkpath(QFileInfo(chain).absolutePath());
        const CliRun run =
            cli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(),
                            QStringLiteral("--encrypt"), QStringLiteral("--key-label"), QStringLiteral("first")} +
                pass(oldPass()) + kSmallKdf + QStringList{chain});
        if (run.exitCode != 0) {
            qWarning("backup --encrypt failed: %s", run.text().constData());
            return {};
        }
        return chain;
    }

    static CliRun keyCommand(const QString &sub, const QStringList &args)
    {
        return cli(QStringList{QStringLiteral("key"), sub} + args);
    }

    /// The ids of the chain's keys, in order, from `key list --json`.
    static QStringList ids(const QString &chain)
    {
        const CliRun run = keyCommand(QStringLiteral("list"), {QStringLiteral("--json"), chain});
        QStringList found;
        for (const QJsonObject &key : run.events(QStringLiteral("key")))
            found << key.value(QStringLiteral("id")).toString();
        return found;
    }

    /// `key add CHAIN` opened with `existing`, the new key a passphrase file (small KDF) or a key file.
    static CliRun add(const QString &chain, const QStringList &existing, const QString &newFile, bool newIsKeyFile,
                      const QString &label = {})
    {
        QStringList args = QStringList{chain} + existing;
        if (newIsKeyFile)
            args << QStringLiteral("--new-key-file") << newFile;
        else
            args << QStringLiteral("--new-passphrase-file") << newFile << kSmallKdf;
        if (!label.isEmpty())
            args << QStringLiteral("--label") << label;
        return keyCommand(QStringLiteral("add"), args);
    }

    static CliRun verify(const QString &chain, const QStringList &secret)
    {
        return cli(QStringList{QStringLiteral("verify"), chain} + secret);
    }

    /// The id `key add` printed.
    static QString addedId(const CliRun &run)
    {
        const auto match =
            QRegularExpression(QStringLiteral("Added key ([0-9a-f]{16}) ")).match(QString::fromUtf8(run.out));
        return match.hasMatch() ? match.captured(1) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        QVERIFY(writeFile(oldPass(), "the old passphrase\n"));
        QVERIFY(writeFile(newPass(), "the new passphrase\n"));
        QVERIFY(writeFile(wrongPass(), "not a passphrase of any chain\n"));
        const CliRun run = keyCommand(QStringLiteral("generate"), {keyFile()});
        QVERIFY2(run.exitCode == 0, run.text().constData());
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void listShowsAFreshChainsOneKeyWithoutASecret()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QString keyId = QJsonDocument::fromJson(readAll(chain + QStringLiteral(".keys")))
                                  .object()
                                  .value(QStringLiteral("keyId"))
                                  .toString();
        QCOMPARE(keyId.size(), 32);

        CliRun run = keyCommand(QStringLiteral("list"), {chain});
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QVERIFY2(has(run.out, "chain " + chain.toUtf8() + " (encrypted, key id " + keyId.toUtf8() + ")"),
                 run.text().constData());
        QVERIFY2(has(run.out, "ID                KIND        CREATED"), run.text().constData());
        const QStringList keyIds = ids(chain);
        QCOMPARE(keyIds.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("\\n  %1  passphrase  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +"
                                                   "argon2id 1 pass, 8 MiB +first\\n")
                                        .arg(keyIds.first()))
                     .match(QString::fromUtf8(run.out))
                     .hasMatch(),
                 run.text().constData());
        QVERIFY2(run.out.endsWith("1 key\n"), run.text().constData());

        run = keyCommand(QStringLiteral("list"), {QStringLiteral("--json"), chain});
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const auto keys = run.events(QStringLiteral("key"));
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keys[0].value(QStringLiteral("id")).toString(), keyIds.first());
        QCOMPARE(keys[0].value(QStringLiteral("kind")).toString(), QStringLiteral("passphrase"));
        QCOMPARE(keys[0].value(QStringLiteral("label")).toString(), QStringLiteral("first"));
        QCOMPARE(keys[0].value(QStringLiteral("kdf")).toString(), QStringLiteral("argon2id"));
        QCOMPARE(keys[0].value(QStringLiteral("kdfPasses")).toInt(), 1);
        QCOMPARE(keys[0].value(QStringLiteral("kdfMemoryMiB")).toInt(), 8);
        const QDateTime created =
            QDateTime::fromString(keys[0].value(QStringLiteral("created")).toString(), Qt::ISODate);
        QVERIFY(created.isValid() && qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        const auto done = run.events(QStringLiteral("done"));
        QCOMPARE(done.size(), 1);
        QCOMPARE(done[0].value(QStringLiteral("chain")).toString(), chain);
        QCOMPARE(done[0].value(QStringLiteral("keyId")).toString(), keyId);
        QCOMPARE(done[0].value(QStringLiteral("keys")).toInt(), 1);
    }

    void addedPassphraseAndKeyFileEachOpenTheChainAlone()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QByteArray full = readAll(chain);
        QVERIFY(!full.isEmpty());

        CliRun run = add(chain, pass(oldPass()), newPass(), false, QStringLiteral("ops on-call"));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const QString passId = addedId(run);
        QVERIFY2(!passId.isEmpty(), run.text().constData());
        QVERIFY2(has(run.out, "(passphrase, label 'ops on-call') to the chain " + chain.toUtf8() + "; it has 2 keys"),
                 run.text().constData());
        // The existing key from TIDEMARK_PASSPHRASE_FILE this time; the new one a key file, in JSON.
        run = cli({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("--json"), chain,
                   QStringLiteral("--new-key-file"), keyFile(), QStringLiteral("--label"), QStringLiteral("safe")},
                  {{QStringLiteral("TIDEMARK_PASSPHRASE_FILE"), oldPass()}});
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const auto done = run.events(QStringLiteral("done"));
        QCOMPARE(done.size(), 1);
        const QString keyFileId = done[0].value(QStringLiteral("added")).toString();
        QCOMPARE(done[0].value(QStringLiteral("kind")).toString(), QStringLiteral("keyfile"));
        QCOMPARE(done[0].value(QStringLiteral("keys")).toInt(), 3);
        QCOMPARE(ids(chain), (QStringList{ids(chain).first(), passId, keyFileId}));

        // A key that opens the chain already is not added twice.
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));
        run = add(chain, pass(newPass()), keyFile(), true);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "opens a key of the chain '" + chain.toUtf8() + "' already"), run.text().constData());
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);

        // Each key alone opens the chain; a wrong one does not. The link itself never changed.
        for (const QStringList &secret : {pass(oldPass()), pass(newPass()), key(keyFile())}) {
            run = verify(chain, secret);
            QVERIFY2(run.exitCode == 0, run.text().constData());
        }
        run = verify(chain, pass(wrongPass()));
        QVERIFY2(run.exitCode == 5, run.text().constData());
        QCOMPARE(readAll(chain), full);

        run = keyCommand(QStringLiteral("list"), {chain});
        QVERIFY2(has(run.out, keyFileId.toUtf8() + "  key file    "), run.text().constData());
        QVERIFY2(run.out.endsWith("3 keys\n"), run.text().constData());
    }

    void rotatedKeysOpenTheChainAndTheOldOneNoLonger()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QString sourceDigest = inspectDigest(m_node.dataDir());
        const QString oldId = ids(chain).value(0);

        CliRun run = add(chain, pass(oldPass()), newPass(), false);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const QString newId = addedId(run);
        // Removed while opened with the new key, by a prefix of its id.
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, oldId.left(6)} + pass(newPass()));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QVERIFY2(has(run.out, "Removed key " + oldId.toUtf8() + " (passphrase, label 'first') from the chain " +
                                  chain.toUtf8() + "; 1 key remains."),
                 run.text().constData());
        QCOMPARE(ids(chain), QStringList{newId});

        run = verify(chain, pass(newPass()));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        run = cli(QStringList{QStringLiteral("info"), chain} + pass(newPass()));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        for (const QString &command : {QStringLiteral("verify"), QStringLiteral("info")}) {
            run = cli(QStringList{command, chain} + pass(oldPass()));
            QVERIFY2(run.exitCode == 5, run.text().constData());
            QVERIFY2(has(run.err, "Wrong passphrase"), run.text().constData());
        }

        // Restore into a stopped node: the old key is refused before anything changes there.
        NodeProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
        QCOMPARE(target.stop(), 0);
        const QString targetDigest = inspectDigest(target.dataDir());
        const QStringList restore{QStringLiteral("restore"), QStringLiteral("-config"),
                                  target.configPath(),       chain,
                                  QStringLiteral("--owner"), currentUser(),
                                  QStringLiteral("--yes")};
        run = cli(restore + pass(oldPass()));
        QVERIFY2(run.exitCode == 5, run.text().constData());
        QCOMPARE(inspectDigest(target.dataDir()), targetDigest);
        run = cli(restore + pass(newPass()));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QCOMPARE(inspectDigest(target.dataDir()), sourceDigest);
    }

    void theLastKeyIsNeverRemoved()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));
        const QString id = ids(chain).value(0);
        const CliRun run = keyCommand(QStringLiteral("remove"), QStringList{chain, id} + pass(oldPass()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "Key " + id.toUtf8() + " is the last key of the chain"), run.text().constData());
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);
        QVERIFY(!QFileInfo::exists(chain + QStringLiteral(".lock")));
    }

    void theKeyInUseCannotRemoveItself()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QString oldId = ids(chain).value(0);
        CliRun run = add(chain, pass(oldPass()), keyFile(), true);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const QString keyFileId = addedId(run);
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));

        run = keyCommand(QStringLiteral("remove"), QStringList{chain, oldId} + pass(oldPass()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "Key " + oldId.toUtf8() + " of the chain " + chain.toUtf8() +
                                  " is the one the passphrase file '" + oldPass().toUtf8() + "' opens"),
                 run.text().constData());
        QVERIFY2(has(run.err, "Open the chain with another of its keys"), run.text().constData());
        // Nor when another key is given as well.
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, keyFileId} + pass(oldPass()) + key(keyFile()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "is the one the key file '" + keyFile().toUtf8() + "' opens"), run.text().constData());
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);

        // With the other key it goes.
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, keyFileId} + pass(oldPass()));
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QCOMPARE(ids(chain), QStringList{oldId});
    }

    void aWrongExistingKeyChangesNothing()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        CliRun run = add(chain, pass(oldPass()), keyFile(), true);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const QString keyFileId = addedId(run);
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));

        run = add(chain, pass(wrongPass()), newPass(), false);
        QCOMPARE(run.exitCode, 5);
        QVERIFY2(has(run.err, "Wrong passphrase: the passphrase file '" + wrongPass().toUtf8() +
                                  "' opens none of the keys of the chain '" + chain.toUtf8() + "'"),
                 run.text().constData());
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, keyFileId} + pass(wrongPass()));
        QCOMPARE(run.exitCode, 5);
        // No secret at all (and no terminal to ask on).
        run = add(chain, {}, newPass(), false);
        QCOMPARE(run.exitCode, 5);
        QVERIFY2(has(run.err, "no passphrase or key file was given") && has(run.err, "--passphrase-file FILE"),
                 run.text().constData());
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);
        QVERIFY(!QFileInfo::exists(chain + QStringLiteral(".lock")));
    }

    void anUnknownOrAmbiguousIdIsRefused()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        CliRun run = add(chain, pass(oldPass()), keyFile(), true);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        // Key file keys until two ids begin alike (at most 17: ids are hex).
        QString shared;
        for (int i = 0; shared.isEmpty() && i < 16; ++i) {
            const QStringList current = ids(chain);
            for (const QString &id : current) {
                if (current.filter(QRegularExpression(QLatin1Char('^') + id.left(1))).size() > 1)
                    shared = id.left(1);
            }
            if (!shared.isEmpty())
                break;
            const QString more = file(QStringLiteral("more%1.key").arg(i));
            QCOMPARE(keyCommand(QStringLiteral("generate"), {more}).exitCode, 0);
            run = add(chain, key(keyFile()), more, true);
            QVERIFY2(run.exitCode == 0, run.text().constData());
        }
        QVERIFY(!shared.isEmpty());
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));

        run = keyCommand(QStringLiteral("remove"), QStringList{chain, shared} + key(keyFile()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QRegularExpression(QStringLiteral("'%1' names \\d+ keys of the chain").arg(shared))
                     .match(QString::fromUtf8(run.err))
                     .hasMatch(),
                 run.text().constData());
        QVERIFY2(has(run.err, "Give more of the key's id"), run.text().constData());
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, QStringLiteral("zz")} + key(keyFile()));
        QCOMPARE(run.exitCode, 12);
        QVERIFY2(has(run.err, "The chain '" + chain.toUtf8() + "' has no key 'zz'"), run.text().constData());
        QVERIFY2(has(run.err, "tidemark-cli key list " + chain.toUtf8()), run.text().constData());
        run = keyCommand(QStringLiteral("remove"), QStringList{chain, QString()} + key(keyFile()));
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);
    }

    void aPlainChainOrNoChainHasNoKeys()
    {
        const QString plain = file(QStringLiteral("plain/snap"));
        QDir().mkpath(QFileInfo(plain).absolutePath());
        CliRun run = cli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), plain});
        QVERIFY2(run.exitCode == 0, run.text().constData());
        run = keyCommand(QStringLiteral("list"), {plain});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "The chain " + plain.toUtf8() + " is not encrypted"), run.text().constData());
        QVERIFY2(has(run.err, "backup --encrypt"), run.text().constData());
        run = add(plain, pass(oldPass()), newPass(), false);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!QFileInfo::exists(plain + QStringLiteral(".keys")));
        run = keyCommand(QStringLiteral("list"), {QStringLiteral("--json"), plain});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.events(QStringLiteral("error")).size(), 1);

        const QString none = file(QStringLiteral("plain/none"));
        for (const QStringList &args :
             {QStringList{QStringLiteral("list"), none},
              QStringList{QStringLiteral("add"), none, QStringLiteral("--new-key-file"), keyFile()} + pass(oldPass()),
              QStringList{QStringLiteral("remove"), none, QStringLiteral("abcd")} + pass(oldPass())}) {
            run = cli(QStringList{QStringLiteral("key")} + args);
            QVERIFY2(run.exitCode == 12, run.text().constData());
            QVERIFY2(has(run.err, "There is no backup chain at '" + none.toUtf8() + "'"), run.text().constData());
        }
        QVERIFY(!QFileInfo::exists(none + QStringLiteral(".lock")));
    }

    void aPassphraseOnTheCommandLineIsRefusedUnseen()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));
        for (const QString &sub : {QStringLiteral("add"), QStringLiteral("remove"), QStringLiteral("list")}) {
            QStringList args{chain, QStringLiteral("--passphrase"), QStringLiteral("SeCrEt-On-CmDlInE")};
            if (sub == QLatin1String("add"))
                args << QStringLiteral("--new-key-file") << keyFile();
            if (sub == QLatin1String("remove"))
                args << QStringLiteral("abcd");
            const CliRun run = keyCommand(sub, args);
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(has(run.err, "--passphrase is not accepted") && has(run.err, "--passphrase-file FILE"),
                     run.text().constData());
            QVERIFY(!has(run.err, "SeCrEt") && !has(run.out, "SeCrEt"));
        }
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);
    }

    void theNewKeyMustBeGivenOnceAndPrivately()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));
        // Neither (and no terminal), both, a KDF for a key file, a file that is not there.
        CliRun run = keyCommand(QStringLiteral("add"), QStringList{chain} + pass(oldPass()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "give the new key: --new-passphrase-file FILE or --new-key-file FILE"),
                 run.text().constData());
        run = keyCommand(QStringLiteral("add"), QStringList{chain} + pass(oldPass()) +
                                                    QStringList{QStringLiteral("--new-passphrase-file"), newPass(),
                                                                QStringLiteral("--new-key-file"), keyFile()});
        QCOMPARE(run.exitCode, 2);
        run =
            keyCommand(QStringLiteral("add"), QStringList{chain} + pass(oldPass()) +
                                                  QStringList{QStringLiteral("--new-key-file"), keyFile()} + kSmallKdf);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "--kdf-memory and --kdf-passes apply to a new passphrase"), run.text().constData());
        run = add(chain, pass(oldPass()), file(QStringLiteral("missing.pass")), false);
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(has(run.err, "Cannot read passphrase file '" + file(QStringLiteral("missing.pass")).toUtf8() + "'"),
                 run.text().constData());
        QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);

        // A new passphrase file others can read is taken, with the warning.
        const QString shared = file(QStringLiteral("shared.pass"));
        QVERIFY(writeFile(shared, "a shared passphrase\n",
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                              QFileDevice::ReadOther));
        run = add(chain, pass(oldPass()), shared, false);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QVERIFY2(has(run.err, "warning: '" + shared.toUtf8() +
                                  "' is readable or writable by other users; make it private: chmod 600"),
                 run.text().constData());
        QVERIFY2(verify(chain, pass(shared)).exitCode == 0, run.text().constData());
    }

    void generateWritesAPrivateFileAndNeverOverwrites()
    {
        const QString path = file(QStringLiteral("generated.key"));
        CliRun run = keyCommand(QStringLiteral("generate"), {path});
        QVERIFY2(run.exitCode == 0, run.text().constData());
        QVERIFY2(has(run.out, "Wrote a new key file to " + path.toUtf8() + " (mode 0600)"), run.text().constData());
        QVERIFY2(has(run.out, "Keep a copy away from the chain"), run.text().constData());
        QCOMPARE(QFileInfo(path).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QByteArray content = readAll(path);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}\\n$")).match(QString::fromLatin1(content)).hasMatch());

        run = keyCommand(QStringLiteral("generate"), {path});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(has(run.err, "'" + path.toUtf8() + "' exists; a key file is never overwritten"),
                 run.text().constData());
        QCOMPARE(readAll(path), content);
        // Two runs make two different keys.
        const QString other = file(QStringLiteral("generated2.key"));
        QCOMPARE(keyCommand(QStringLiteral("generate"), {QStringLiteral("--json"), other}).exitCode, 0);
        QVERIFY(readAll(other) != content);
    }

    void aHeldLockMakesKeyCommandsWait()
    {
        const QString chain = newChain();
        QVERIFY(!chain.isEmpty());
        const QString oldId = ids(chain).value(0);
        const QByteArray keys = readAll(chain + QStringLiteral(".keys"));
        {
            // This test process holds the chain's lock, as a backup writing it would.
            const auto store = ChainStore::open(chain);
            auto lock = store->lock();
            QVERIFY(lock.ok());
            CliRun run = add(chain, pass(oldPass()), keyFile(), true);
            QCOMPARE(run.exitCode, 9);
            QVERIFY2(has(run.err, chain.toUtf8()), run.text().constData());
            run = keyCommand(QStringLiteral("remove"), QStringList{chain, oldId} + pass(oldPass()));
            QCOMPARE(run.exitCode, 9);
            QCOMPARE(readAll(chain + QStringLiteral(".keys")), keys);
            // Listing needs no lock.
            QCOMPARE(keyCommand(QStringLiteral("list"), {chain}).exitCode, 0);
        }
        const CliRun run = add(chain, pass(oldPass()), keyFile(), true);
        QVERIFY2(run.exitCode == 0, run.text().constData());
    }

    void keysOfAChainOnS3()
    {
        FakeS3 s3;
        QString error;
        QVERIFY2(s3.start(&error), qPrintable(error));
        const QString bucket = QStringLiteral("backups");
        s3.createBucket(bucket);
        // The links and keys of a local encrypted chain, uploaded as they are.
        const QString local = newChain();
        QVERIFY(!local.isEmpty());
        s3.putObject(bucket, QStringLiteral("node/snap"), readAll(local));
        s3.putObject(bucket, QStringLiteral("node/snap.keys"), readAll(local + QStringLiteral(".keys")));
        const QString chain = QStringLiteral("s3://backups/node/snap");
        const QList<QPair<QString, QString>> env{
            {QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDFAKES3TEST")},
            {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("fake")},
            {QStringLiteral("AWS_CONFIG_FILE"), file(QStringLiteral("none"))},
            {QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), file(QStringLiteral("none"))}};
        const QStringList s3Options{QStringLiteral("--s3-endpoint"), s3.endpoint(), QStringLiteral("--s3-region"),
                                    QStringLiteral("us-east-1"), QStringLiteral("--s3-path-style")};
        const auto run = [&](const QStringList &args) { return cli(args + s3Options, env); };
        const QString oldId = ids(local).value(0);

        CliRun r = run({QStringLiteral("key"), QStringLiteral("add"), chain, QStringLiteral("--passphrase-file"),
                        oldPass(), QStringLiteral("--new-key-file"), keyFile()});
        QVERIFY2(r.exitCode == 0, r.text().constData());
        const QString keyFileId = addedId(r);
        r = run(
            {QStringLiteral("key"), QStringLiteral("remove"), chain, oldId, QStringLiteral("--key-file"), keyFile()});
        QVERIFY2(r.exitCode == 0, r.text().constData());
        r = run({QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--json"), chain});
        QVERIFY2(r.exitCode == 0, r.text().constData());
        QCOMPARE(r.events(QStringLiteral("key")).size(), 1);
        QCOMPARE(r.events(QStringLiteral("key")).first().value(QStringLiteral("id")).toString(), keyFileId);
        // Only the keys object changed; the link is the same bytes, and opens with the new key only.
        QCOMPARE(s3.object(bucket, QStringLiteral("node/snap")).value_or(QByteArray()), readAll(local));
        QVERIFY(s3.object(bucket, QStringLiteral("node/snap.keys")).value_or(QByteArray()) !=
                readAll(local + QStringLiteral(".keys")));
        r = run({QStringLiteral("verify"), chain, QStringLiteral("--key-file"), keyFile()});
        QVERIFY2(r.exitCode == 0, r.text().constData());
        r = run({QStringLiteral("verify"), chain, QStringLiteral("--passphrase-file"), oldPass()});
        QVERIFY2(r.exitCode == 5, r.text().constData());
        QCOMPARE(s3.count("PUT", QStringLiteral("node/snap.keys")), 2);
    }
};

QTEST_GUILESS_MAIN(TestKeyCommand)
#include "tst_keycommand.moc"
