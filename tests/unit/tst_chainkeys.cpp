#include "crypto/ChainKeys.h"

#include "crypto/LinkCipher.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <functional>

using namespace tidemark;

namespace {

// Argon2id at its cheapest the parser accepts: the tests run under AddressSanitizer.
const KdfParams kFast{1, KdfParams::kMinMemoryBytes};
const QString kChain = QStringLiteral("/srv/backups/node-a");

KeySecret passphrase(const QByteArray &text)
{
    return {KeySecret::Kind::Passphrase, SecretBytes::fromBytes(text), QStringLiteral("the passphrase file 'p'")};
}

KeySecret keyFile(const QByteArray &bytes)
{
    return {KeySecret::Kind::KeyFile, SecretBytes::fromBytes(bytes), QStringLiteral("the key file 'k'")};
}

const QByteArray kKeyFileBytes = "3c5e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6\n";

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The keys file `json` changed by `edit` (on its root object).
QByteArray edited(const QByteArray &json, const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = QJsonDocument::fromJson(json).object();
    edit(root);
    return QJsonDocument(root).toJson();
}

// The same for slot `index`'s object.
QByteArray editedSlot(const QByteArray &json, int index, const std::function<void(QJsonObject &)> &edit)
{
    return edited(json, [&](QJsonObject &root) {
        QJsonArray slots = root.value(QStringLiteral("slots")).toArray();
        QJsonObject slot = slots.at(index).toObject();
        edit(slot);
        slots.replace(index, slot);
        root.insert(QStringLiteral("slots"), slots);
    });
}

QByteArray editedKdf(const QByteArray &json, int index, const QString &key, const QJsonValue &value)
{
    return editedSlot(json, index, [&](QJsonObject &slot) {
        QJsonObject kdf = slot.value(QStringLiteral("kdf")).toObject();
        if (value.isUndefined())
            kdf.remove(key);
        else
            kdf.insert(key, value);
        slot.insert(QStringLiteral("kdf"), kdf);
    });
}

// Field `key` of slot `index` ("kdf.salt": of its kdf object).
QString slotField(const QByteArray &json, int index, const QString &key)
{
    QJsonObject object =
        QJsonDocument::fromJson(json).object().value(QStringLiteral("slots")).toArray().at(index).toObject();
    QString name = key;
    if (key.startsWith(QLatin1String("kdf."))) {
        object = object.value(QStringLiteral("kdf")).toObject();
        name = key.mid(4);
    }
    return object.value(name).toString();
}

// `hex` with its character `at` changed to another hex digit.
QString otherHex(QString hex, qsizetype at = 0)
{
    hex[at] = hex.at(at) == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
    return hex;
}

// A chain's keys with a passphrase slot (0) and a key-file slot (1), as JSON, and its data key.
struct TwoSlots {
    QByteArray json;
    SecretBytes dataKey;
};

TwoSlots twoSlots()
{
    auto created = ChainKeys::create(passphrase("correct horse"), kFast, QStringLiteral("ops"));
    if (!created)
        qFatal("create: %s", qPrintable(created.error().message));
    auto [keys, dataKey] = created.takeValue();
    auto added = keys.addSlot(dataKey, keyFile(kKeyFileBytes), kFast, QStringLiteral("safe"), kChain);
    if (!added)
        qFatal("addSlot: %s", qPrintable(added.error().message));
    return {keys.toJson(), std::move(dataKey)};
}

} // namespace

class TestChainKeys : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createToJsonFromJsonUnlock()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        auto created = ChainKeys::create(passphrase("correct horse"), kFast, QStringLiteral("ops on-call"));
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        auto [keys, dataKey] = created.takeValue();
        QCOMPARE(dataKey.size(), std::size_t(LinkCipher::kKeyBytes));
        QCOMPARE(keys.keyId().size(), LinkCipher::kKeyIdBytes);
        QCOMPARE(keys.slots().size(), std::size_t(1));
        const ChainKeys::Slot &slot = keys.slots().front();
        QCOMPARE(slot.id.size(), 16);
        QCOMPARE(slot.kind, KeySecret::Kind::Passphrase);
        QCOMPARE(slot.label, QStringLiteral("ops on-call"));
        QVERIFY(slot.created >= before && slot.created <= QDateTime::currentDateTimeUtc().addSecs(1));
        QCOMPARE(slot.kdf.passes, kFast.passes);
        QCOMPARE(slot.kdf.memoryBytes, kFast.memoryBytes);
        QCOMPARE(slot.salt.size(), 16);
        QCOMPARE(slot.nonce.size(), 24);
        QCOMPARE(slot.wrapped.size(), 48);

        const QByteArray json = keys.toJson();
        QVERIFY(!json.contains(QByteArray(reinterpret_cast<const char *>(dataKey.data()), 32).toHex()));
        QVERIFY(!json.contains("correct horse"));
        const QJsonObject root = QJsonDocument::fromJson(json).object();
        QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("tidemark-keys"));
        QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(root.value(QStringLiteral("keyId")).toString(), QString::fromLatin1(keys.keyId().toHex()));

        auto parsed = ChainKeys::fromJson(json, QStringLiteral("x.keys"));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->keyId(), keys.keyId());
        QCOMPARE(parsed->slots().size(), std::size_t(1));
        const ChainKeys::Slot &back = parsed->slots().front();
        QCOMPARE(back.id, slot.id);
        QCOMPARE(back.label, slot.label);
        QCOMPARE(back.created, slot.created.addMSecs(-slot.created.time().msec())); // ISO date: seconds.
        QCOMPARE(back.salt, slot.salt);
        QCOMPARE(back.nonce, slot.nonce);
        QCOMPARE(back.wrapped, slot.wrapped);
        QCOMPARE(parsed->toJson(), json);

        auto unlocked = parsed->unlock(passphrase("correct horse"), kChain);
        QVERIFY2(unlocked, qPrintable(unlocked ? QString() : unlocked.error().message));
        QVERIFY(unlocked.value().equals(dataKey));
        QCOMPARE(parsed->slotOpenedBy(passphrase("correct horse")), 0);

        // A chain made with a key file.
        auto withFile = ChainKeys::create(keyFile(kKeyFileBytes), kFast, QString());
        QVERIFY(withFile);
        QCOMPARE(withFile->first.slots().front().kind, KeySecret::Kind::KeyFile);
        QCOMPARE(withFile->first.slots().front().salt.size(), 32);
        auto fileParsed = ChainKeys::fromJson(withFile->first.toJson(), QStringLiteral("y.keys"));
        QVERIFY(fileParsed);
        auto fileUnlocked = fileParsed->unlock(keyFile(kKeyFileBytes), kChain);
        QVERIFY2(fileUnlocked, qPrintable(fileUnlocked ? QString() : fileUnlocked.error().message));
        QVERIFY(fileUnlocked.value().equals(withFile->second));
        // Two chains: two data keys, two key ids.
        QVERIFY(!withFile->second.equals(dataKey));
        QVERIFY(withFile->first.keyId() != keys.keyId());
    }

    void defaultKdfParams()
    {
        auto created = ChainKeys::create(passphrase("pass"), KdfParams{}, QString());
        QVERIFY(created);
        QCOMPARE(created->first.slots().front().kdf.passes, quint64(3));
        QCOMPARE(created->first.slots().front().kdf.memoryBytes, quint64(64) << 20);
        auto parsed = ChainKeys::fromJson(created->first.toJson(), QStringLiteral("x.keys"));
        QVERIFY(parsed);
        QCOMPARE(parsed->slots().front().kdf.memoryBytes, quint64(64) << 20);
        auto unlocked = parsed->unlock(passphrase("pass"), kChain);
        QVERIFY(unlocked);
        QVERIFY(unlocked.value().equals(created->second));
    }

    void wrongPassphraseIsAuth()
    {
        const TwoSlots two = twoSlots();
        auto keys = ChainKeys::fromJson(two.json, QStringLiteral("x.keys"));
        QVERIFY(keys);
        for (const QByteArray &wrong : {QByteArray("correct horse "), QByteArray("Correct horse"), QByteArray("c"),
                                        QByteArray("correct horse\n")}) {
            auto unlocked = keys->unlock(passphrase(wrong), kChain);
            QVERIFY(!unlocked);
            QCOMPARE(unlocked.error().code, ErrorCode::Auth);
            QVERIFY2(unlocked.error().message.contains(kChain), qPrintable(unlocked.error().message));
            QVERIFY2(unlocked.error().message.contains(QStringLiteral("the passphrase file 'p'")),
                     qPrintable(unlocked.error().message));
            if (wrong.size() > 3) // Not a secret in any message (a letter may well be in one).
                QVERIFY(!unlocked.error().message.contains(QString::fromLatin1(wrong.trimmed())));
            QCOMPARE(keys->slotOpenedBy(passphrase(wrong)), -1);
        }
        auto wrongFile = keys->unlock(keyFile(QByteArray(kKeyFileBytes).replace('3', '4')), kChain);
        QVERIFY(!wrongFile);
        QCOMPARE(wrongFile.error().code, ErrorCode::Auth);
    }

    void kindsDoNotCross()
    {
        // The same bytes as a passphrase and as a key file.
        const QByteArray bytes = kKeyFileBytes;
        auto byPassphrase = ChainKeys::create(passphrase(bytes), kFast, QString());
        QVERIFY(byPassphrase);
        auto asFile = byPassphrase->first.unlock(keyFile(bytes), kChain);
        QVERIFY(!asFile);
        QCOMPARE(asFile.error().code, ErrorCode::Auth);
        QVERIFY2(asFile.error().message.contains(QStringLiteral("no key file key")),
                 qPrintable(asFile.error().message));
        QVERIFY(byPassphrase->first.unlock(passphrase(bytes), kChain));

        auto byFile = ChainKeys::create(keyFile(bytes), kFast, QString());
        QVERIFY(byFile);
        auto asPassphrase = byFile->first.unlock(passphrase(bytes), kChain);
        QVERIFY(!asPassphrase);
        QCOMPARE(asPassphrase.error().code, ErrorCode::Auth);
        QVERIFY2(asPassphrase.error().message.contains(QStringLiteral("no passphrase key")),
                 qPrintable(asPassphrase.error().message));
        QVERIFY(byFile->first.unlock(keyFile(bytes), kChain));

        // A passphrase slot relabelled as a key-file slot (kind, kdf name and a salt of the right
        // size) does not open with the passphrase as a key file: the kind is authenticated.
        const QByteArray relabelled = editedSlot(byPassphrase->first.toJson(), 0, [](QJsonObject &slot) {
            slot.insert(QStringLiteral("kind"), QStringLiteral("keyfile"));
            QJsonObject kdf = slot.value(QStringLiteral("kdf")).toObject();
            kdf = QJsonObject{{QStringLiteral("name"), QStringLiteral("blake2b-256")},
                              {QStringLiteral("salt"), kdf.value(QStringLiteral("salt")).toString().repeated(2)}};
            slot.insert(QStringLiteral("kdf"), kdf);
        });
        auto parsed = ChainKeys::fromJson(relabelled, QStringLiteral("x.keys"));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->slots().front().kind, KeySecret::Kind::KeyFile);
        auto relabelledOpen = parsed->unlock(keyFile(bytes), kChain);
        QVERIFY(!relabelledOpen);
        QCOMPARE(relabelledOpen.error().code, ErrorCode::Auth);
    }

    void addSlotThenUnlockWithEither()
    {
        auto created = ChainKeys::create(passphrase("first"), kFast, QStringLiteral("one"));
        QVERIFY(created);
        auto [keys, dataKey] = created.takeValue();
        auto fileId = keys.addSlot(dataKey, keyFile(kKeyFileBytes), kFast, QStringLiteral("two"), kChain);
        QVERIFY2(fileId, qPrintable(fileId ? QString() : fileId.error().message));
        auto secondId = keys.addSlot(dataKey, passphrase("second"), KdfParams{2, kFast.memoryBytes + 1024 * 1024},
                                     QStringLiteral("three"), kChain);
        QVERIFY(secondId);
        QCOMPARE(keys.slots().size(), std::size_t(3));
        QCOMPARE(keys.slots().at(1).id, fileId.value());
        QCOMPARE(keys.slots().at(2).id, secondId.value());
        QVERIFY(fileId.value() != secondId.value() && fileId.value() != keys.slots().at(0).id);
        QCOMPARE(keys.slots().at(2).kdf.passes, quint64(2));

        auto parsed = ChainKeys::fromJson(keys.toJson(), QStringLiteral("x.keys"));
        QVERIFY(parsed);
        QCOMPARE(parsed->slots().at(2).kdf.memoryBytes, kFast.memoryBytes + 1024 * 1024);
        for (const ChainKeys *k : {&keys, &parsed.value()}) {
            for (const KeySecret &secret : {passphrase("first"), keyFile(kKeyFileBytes), passphrase("second")}) {
                auto unlocked = k->unlock(secret, kChain);
                QVERIFY2(unlocked, qPrintable(unlocked ? QString() : unlocked.error().message));
                QVERIFY(unlocked.value().equals(dataKey));
            }
            QCOMPARE(k->slotOpenedBy(passphrase("first")), 0);
            QCOMPARE(k->slotOpenedBy(keyFile(kKeyFileBytes)), 1);
            QCOMPARE(k->slotOpenedBy(passphrase("second")), 2);
        }

        // A secret that opens a slot already is refused, and nothing is added.
        for (const KeySecret &secret : {passphrase("first"), keyFile(kKeyFileBytes), passphrase("second")}) {
            auto again = keys.addSlot(dataKey, secret, kFast, QString(), kChain);
            QVERIFY(!again);
            QCOMPARE(again.error().code, ErrorCode::Usage);
            QVERIFY2(again.error().message.contains(kChain), qPrintable(again.error().message));
        }
        QCOMPARE(keys.slots().size(), std::size_t(3));
    }

    void kdfParamsOutOfBoundsAreRefused()
    {
        // What create() and addSlot() write, fromJson() must read back: parameters it would
        // refuse are refused when the slot is made, not when the chain is next opened.
        for (const KdfParams &kdf : {KdfParams{0, kFast.memoryBytes}, KdfParams{65, kFast.memoryBytes},
                                     KdfParams{1, kFast.memoryBytes - 1}, KdfParams{1, 1024 * 1024}}) {
            auto created = ChainKeys::create(passphrase("p"), kdf, QString());
            QVERIFY(!created);
            QCOMPARE(created.error().code, ErrorCode::Usage);
        }
        auto created = ChainKeys::create(passphrase("p"), kFast, QString());
        QVERIFY(created);
        auto added = created->first.addSlot(created->second, passphrase("q"), KdfParams{1, 1024}, QString(), kChain);
        QVERIFY(!added);
        QCOMPARE(added.error().code, ErrorCode::Usage);
        QCOMPARE(created->first.slots().size(), std::size_t(1));
        // A key file slot has no Argon2id parameters: they do not matter there.
        QVERIFY(ChainKeys::create(keyFile(kKeyFileBytes), KdfParams{0, 0}, QString()));
    }

    void removeSlot()
    {
        const TwoSlots two = twoSlots();
        auto keys = ChainKeys::fromJson(two.json, QStringLiteral("x.keys"));
        QVERIFY(keys);
        const QString passphraseId = keys->slots().at(0).id;
        const QString fileId = keys->slots().at(1).id;

        // Unknown id, and the empty one.
        for (const QString &unknown : {QStringLiteral("zz"), QString(), QString(fileId + QStringLiteral("0"))}) {
            auto removed = keys->removeSlot(unknown, kChain);
            QVERIFY(!removed);
            QCOMPARE(removed.error().code, ErrorCode::NotFound);
            QVERIFY2(removed.error().message.contains(kChain), qPrintable(removed.error().message));
        }
        QCOMPARE(keys->slots().size(), std::size_t(2));

        // By a prefix of its id (any case): the passphrase slot goes, the key file still opens.
        QString prefix = passphraseId.left(6);
        if (fileId.startsWith(prefix))
            prefix = passphraseId;
        QVERIFY(keys->removeSlot(prefix.toUpper(), kChain));
        QCOMPARE(keys->slots().size(), std::size_t(1));
        QCOMPARE(keys->slots().front().id, fileId);
        QVERIFY(!keys->unlock(passphrase("correct horse"), kChain));
        auto unlocked = keys->unlock(keyFile(kKeyFileBytes), kChain);
        QVERIFY(unlocked);
        QVERIFY(unlocked.value().equals(two.dataKey));

        // The last slot stays.
        auto last = keys->removeSlot(fileId, kChain);
        QVERIFY(!last);
        QCOMPARE(last.error().code, ErrorCode::Usage);
        QVERIFY2(last.error().message.contains(fileId), qPrintable(last.error().message));
        QCOMPARE(keys->slots().size(), std::size_t(1));
        QVERIFY(keys->unlock(keyFile(kKeyFileBytes), kChain));
    }

    void removeSlotByAmbiguousPrefix()
    {
        // Two slots whose ids share a prefix (set in the file: ids are random).
        const TwoSlots two = twoSlots();
        QByteArray json = editedSlot(two.json, 0, [](QJsonObject &slot) {
            slot.insert(QStringLiteral("id"), QStringLiteral("abcd000000000001"));
        });
        json = editedSlot(
            json, 1, [](QJsonObject &slot) { slot.insert(QStringLiteral("id"), QStringLiteral("abcd000000000002")); });
        auto keys = ChainKeys::fromJson(json, QStringLiteral("x.keys"));
        QVERIFY(keys);
        for (const QString &ambiguous :
             {QStringLiteral("a"), QStringLiteral("ABCD"), QStringLiteral("abcd00000000000")}) {
            auto removed = keys->removeSlot(ambiguous, kChain);
            QVERIFY(!removed);
            QCOMPARE(removed.error().code, ErrorCode::Usage);
            QVERIFY2(removed.error().message.contains(QStringLiteral("2 keys")), qPrintable(removed.error().message));
        }
        QCOMPARE(keys->slots().size(), std::size_t(2));
        QVERIFY(keys->removeSlot(QStringLiteral("abcd000000000002"), kChain));
        QCOMPARE(keys->slots().front().id, QStringLiteral("abcd000000000001"));
    }

    void tamperedSlotDoesNotOpen_data()
    {
        QTest::addColumn<int>("slot");
        QTest::addColumn<QString>("field");
        for (const QString &field : {QStringLiteral("kdf.passes"), QStringLiteral("kdf.memory"),
                                     QStringLiteral("kdf.salt"), QStringLiteral("nonce"), QStringLiteral("wrappedKey"),
                                     QStringLiteral("wrappedKey.end"), QStringLiteral("id"), QStringLiteral("keyId")})
            QTest::addRow("passphrase %s", qPrintable(field)) << 0 << field;
        for (const QString &field : {QStringLiteral("kdf.salt"), QStringLiteral("nonce"), QStringLiteral("wrappedKey"),
                                     QStringLiteral("id"), QStringLiteral("keyId")})
            QTest::addRow("key file %s", qPrintable(field)) << 1 << field;
    }

    void tamperedSlotDoesNotOpen()
    {
        QFETCH(int, slot);
        QFETCH(QString, field);
        static const TwoSlots two = twoSlots();
        QByteArray json;
        if (field == QLatin1String("kdf.passes")) {
            json = editedKdf(two.json, slot, QStringLiteral("passes"), 2);
        } else if (field == QLatin1String("kdf.memory")) {
            json = editedKdf(two.json, slot, QStringLiteral("memory"), qint64(kFast.memoryBytes + 1024));
        } else if (field == QLatin1String("kdf.salt")) {
            const QString salt = slotField(two.json, slot, QStringLiteral("kdf.salt"));
            json = editedKdf(two.json, slot, QStringLiteral("salt"), otherHex(salt, 7));
        } else if (field == QLatin1String("keyId")) {
            json = edited(two.json, [](QJsonObject &root) {
                root.insert(QStringLiteral("keyId"), otherHex(root.value(QStringLiteral("keyId")).toString(), 31));
            });
        } else {
            const bool end = field.endsWith(QLatin1String(".end"));
            const QString key = end ? field.chopped(4) : field;
            json = editedSlot(two.json, slot, [&](QJsonObject &o) {
                const QString value = o.value(key).toString();
                o.insert(key, otherHex(value, end ? value.size() - 1 : 0));
            });
        }
        QVERIFY(json != two.json);
        auto keys = ChainKeys::fromJson(json, QStringLiteral("x.keys"));
        QVERIFY2(keys, qPrintable(keys ? QString() : keys.error().message));
        const KeySecret secret = slot == 0 ? passphrase("correct horse") : keyFile(kKeyFileBytes);
        QCOMPARE(keys->slotOpenedBy(secret), -1);
        auto unlocked = keys->unlock(secret, kChain);
        QVERIFY(!unlocked);
        QCOMPARE(unlocked.error().code, ErrorCode::Auth);
        // The other slot is untouched (but for a changed key id, which all slots authenticate).
        const KeySecret other = slot == 0 ? keyFile(kKeyFileBytes) : passphrase("correct horse");
        if (field == QLatin1String("keyId")) {
            QVERIFY(!keys->unlock(other, kChain));
        } else {
            auto otherUnlocked = keys->unlock(other, kChain);
            QVERIFY(otherUnlocked);
            QVERIFY(otherUnlocked.value().equals(two.dataKey));
        }
    }

    void labelAndCreatedAreNotAuthenticated()
    {
        // Free text for the operator: changing it does not lock anyone out.
        const TwoSlots two = twoSlots();
        const QByteArray json = editedSlot(two.json, 0, [](QJsonObject &slot) {
            slot.insert(QStringLiteral("label"), QStringLiteral("renamed"));
            slot.insert(QStringLiteral("created"), QStringLiteral("2020-01-02T03:04:05Z"));
        });
        auto keys = ChainKeys::fromJson(json, QStringLiteral("x.keys"));
        QVERIFY(keys);
        QCOMPARE(keys->slots().front().label, QStringLiteral("renamed"));
        QCOMPARE(keys->slots().front().created, QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QVERIFY(keys->unlock(passphrase("correct horse"), kChain));
    }

    void fromJsonRejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("names"); // What the message names.
        const TwoSlots two = twoSlots();
        const QByteArray &j = two.json;
        const auto root = [&](const QString &key, const QJsonValue &value) {
            return edited(j, [&](QJsonObject &o) {
                if (value.isUndefined())
                    o.remove(key);
                else
                    o.insert(key, value);
            });
        };
        const auto slot = [&](int index, const QString &key, const QJsonValue &value) {
            return editedSlot(j, index, [&](QJsonObject &o) {
                if (value.isUndefined())
                    o.remove(key);
                else
                    o.insert(key, value);
            });
        };
        const QJsonValue none(QJsonValue::Undefined);
        const QString keyId = QJsonDocument::fromJson(j).object().value(QStringLiteral("keyId")).toString();
        const QString id = slotField(j, 0, QStringLiteral("id"));
        const QString salt = slotField(j, 0, QStringLiteral("kdf.salt"));
        const QString fileSalt = slotField(j, 1, QStringLiteral("kdf.salt"));
        const QString nonce = slotField(j, 0, QStringLiteral("nonce"));
        const QString wrapped = slotField(j, 0, QStringLiteral("wrappedKey"));
        const auto withChar = [](QString text, qsizetype at, QChar c) {
            text[at] = c;
            return text;
        };

        QTest::newRow("empty") << QByteArray() << QByteArray("not a JSON object");
        QTest::newRow("not json") << QByteArray("{\"format\": ") << QByteArray("not a JSON object");
        QTest::newRow("array") << QByteArray("[]") << QByteArray("not a JSON object");
        QTest::newRow("too big") << (QByteArray("{\"x\":\"") + QByteArray(1024 * 1024, 'a') + "\"}")
                                 << QByteArray("bytes");
        QTest::newRow("format") << root(QStringLiteral("format"), QStringLiteral("tidemark-key"))
                                << QByteArray("'format'");
        QTest::newRow("no format") << root(QStringLiteral("format"), none) << QByteArray("'format'");
        QTest::newRow("version 2") << root(QStringLiteral("version"), 2) << QByteArray("version 2");
        QTest::newRow("version 0") << root(QStringLiteral("version"), 0) << QByteArray("version 0");
        QTest::newRow("version string") << root(QStringLiteral("version"), QStringLiteral("1"))
                                        << QByteArray("version");
        QTest::newRow("version 1.5") << root(QStringLiteral("version"), 1.5) << QByteArray("version");
        QTest::newRow("no version") << root(QStringLiteral("version"), none) << QByteArray("version");
        QTest::newRow("keyId missing") << root(QStringLiteral("keyId"), none) << QByteArray("'keyId'");
        QTest::newRow("keyId short") << root(QStringLiteral("keyId"), keyId.left(30)) << QByteArray("'keyId'");
        QTest::newRow("keyId long") << root(QStringLiteral("keyId"), QString(keyId + QStringLiteral("00")))
                                    << QByteArray("'keyId'");
        QTest::newRow("keyId odd") << root(QStringLiteral("keyId"), keyId.left(31)) << QByteArray("'keyId'");
        QTest::newRow("keyId non-hex") << root(QStringLiteral("keyId"), withChar(keyId, 5, QLatin1Char('g')))
                                       << QByteArray("'keyId'");
        QTest::newRow("keyId space") << root(QStringLiteral("keyId"), withChar(keyId, 0, QLatin1Char(' ')))
                                     << QByteArray("'keyId'");
        QTest::newRow("keyId number") << root(QStringLiteral("keyId"), 12) << QByteArray("'keyId'");
        QTest::newRow("no slots") << root(QStringLiteral("slots"), QJsonArray()) << QByteArray("no key slots");
        QTest::newRow("slots missing") << root(QStringLiteral("slots"), none) << QByteArray("no key slots");
        QTest::newRow("slots object") << root(QStringLiteral("slots"), QJsonObject()) << QByteArray("no key slots");
        QTest::newRow("slot not object") << root(QStringLiteral("slots"), QJsonArray{1}) << QByteArray("slot 1: 'id'");
        QTest::newRow("id missing") << slot(0, QStringLiteral("id"), none) << QByteArray("slot 1: 'id'");
        QTest::newRow("id short") << slot(0, QStringLiteral("id"), id.left(14)) << QByteArray("slot 1: 'id'");
        QTest::newRow("id non-hex") << slot(0, QStringLiteral("id"), withChar(id, 15, QLatin1Char('x')))
                                    << QByteArray("slot 1: 'id'");
        QTest::newRow("kind") << slot(0, QStringLiteral("kind"), QStringLiteral("password"))
                              << QByteArray("slot 1: 'kind'");
        QTest::newRow("kind missing") << slot(0, QStringLiteral("kind"), none) << QByteArray("slot 1: 'kind'");
        QTest::newRow("kdf missing") << slot(0, QStringLiteral("kdf"), none) << QByteArray("slot 1: 'kdf.name'");
        QTest::newRow("kdf name") << editedKdf(j, 0, QStringLiteral("name"), QStringLiteral("argon2i13"))
                                  << QByteArray("slot 1: 'kdf.name'");
        QTest::newRow("kdf name of other kind") << editedKdf(j, 1, QStringLiteral("name"), QStringLiteral("argon2id13"))
                                                << QByteArray("slot 2: 'kdf.name'");
        QTest::newRow("salt short") << editedKdf(j, 0, QStringLiteral("salt"), salt.left(30))
                                    << QByteArray("slot 1: 'kdf.salt'");
        QTest::newRow("salt of key file size")
            << editedKdf(j, 0, QStringLiteral("salt"), fileSalt) << QByteArray("slot 1: 'kdf.salt'");
        QTest::newRow("key file salt short")
            << editedKdf(j, 1, QStringLiteral("salt"), salt) << QByteArray("slot 2: 'kdf.salt'");
        QTest::newRow("salt non-hex") << editedKdf(j, 0, QStringLiteral("salt"), withChar(salt, 3, QLatin1Char('-')))
                                      << QByteArray("slot 1: 'kdf.salt'");
        QTest::newRow("passes 0") << editedKdf(j, 0, QStringLiteral("passes"), 0) << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes 65") << editedKdf(j, 0, QStringLiteral("passes"), 65)
                                   << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes -1") << editedKdf(j, 0, QStringLiteral("passes"), -1)
                                   << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes huge") << editedKdf(j, 0, QStringLiteral("passes"), 1e300)
                                     << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes 2.5") << editedKdf(j, 0, QStringLiteral("passes"), 2.5)
                                    << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes string") << editedKdf(j, 0, QStringLiteral("passes"), QStringLiteral("3"))
                                       << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("passes missing") << editedKdf(j, 0, QStringLiteral("passes"), none)
                                        << QByteArray("slot 1: 'kdf.passes'");
        QTest::newRow("memory low") << editedKdf(j, 0, QStringLiteral("memory"), qint64(KdfParams::kMinMemoryBytes) - 1)
                                    << QByteArray("slot 1: 'kdf.memory'");
        QTest::newRow("memory high") << editedKdf(j, 0, QStringLiteral("memory"),
                                                  qint64(KdfParams::kMaxMemoryBytes) + 1)
                                     << QByteArray("slot 1: 'kdf.memory'");
        QTest::newRow("memory missing") << editedKdf(j, 0, QStringLiteral("memory"), none)
                                        << QByteArray("slot 1: 'kdf.memory'");
        QTest::newRow("nonce short") << slot(0, QStringLiteral("nonce"), nonce.left(46))
                                     << QByteArray("slot 1: 'nonce'");
        QTest::newRow("nonce non-hex") << slot(0, QStringLiteral("nonce"), withChar(nonce, 0, QLatin1Char('G')))
                                       << QByteArray("slot 1: 'nonce'");
        QTest::newRow("nonce missing") << slot(0, QStringLiteral("nonce"), none) << QByteArray("slot 1: 'nonce'");
        QTest::newRow("wrappedKey long") << slot(0, QStringLiteral("wrappedKey"),
                                                 QString(wrapped + QStringLiteral("00")))
                                         << QByteArray("slot 1: 'wrappedKey'");
        QTest::newRow("wrappedKey short")
            << slot(0, QStringLiteral("wrappedKey"), wrapped.left(64)) << QByteArray("slot 1: 'wrappedKey'");
        QTest::newRow("wrappedKey non-hex")
            << slot(0, QStringLiteral("wrappedKey"), withChar(wrapped, 50, QLatin1Char('z')))
            << QByteArray("slot 1: 'wrappedKey'");
        QTest::newRow("second slot nonce")
            << slot(1, QStringLiteral("nonce"), QStringLiteral("00")) << QByteArray("slot 2: 'nonce'");
    }

    void fromJsonRejectsMalformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, names);
        auto keys = ChainKeys::fromJson(json, QStringLiteral("/srv/backups/node-a.keys"));
        QVERIFY(!keys);
        QCOMPARE(keys.error().code, ErrorCode::Integrity);
        QVERIFY2(keys.error().message.contains(QString::fromUtf8(names)), qPrintable(keys.error().message));
        QVERIFY2(keys.error().message.contains(QStringLiteral("/srv/backups/node-a.keys")),
                 qPrintable(keys.error().message));
        QVERIFY(!keys.error().hint.isEmpty());
    }

    void fromJsonAcceptsUppercaseHex()
    {
        const TwoSlots two = twoSlots();
        const QByteArray json = edited(two.json, [](QJsonObject &root) {
            root.insert(QStringLiteral("keyId"), root.value(QStringLiteral("keyId")).toString().toUpper());
        });
        auto keys = ChainKeys::fromJson(json, QStringLiteral("x.keys"));
        QVERIFY2(keys, qPrintable(keys ? QString() : keys.error().message));
        QVERIFY(keys->unlock(passphrase("correct horse"), kChain));
        QCOMPARE(keys->toJson(), two.json);
    }

    void generatedKeyFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chain.key"));
        const mode_t oldMask = umask(0); // Even with a permissive umask.
        const Status generated = KeySecret::generateKeyFile(path);
        umask(oldMask);
        QVERIFY2(generated, qPrintable(generated ? QString() : generated.error().message));
        struct stat st {};
        QCOMPARE(stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0600));
        QVERIFY(!KeySecret::isReadableByOthers(path));
        const QByteArray content = readFile(path);
        QCOMPARE(content.size(), 65);
        QVERIFY(content.endsWith('\n'));
        QCOMPARE(QByteArray::fromHex(content.first(64)).toHex(), content.first(64));
        // No stray temporary file beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("chain.key")});

        // Never overwritten.
        const Status again = KeySecret::generateKeyFile(path);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::Usage);
        QVERIFY2(again.error().message.contains(path), qPrintable(again.error().message));
        QCOMPARE(readFile(path), content);

        // Read back, and it opens a chain.
        auto secret = KeySecret::readKeyFile(path);
        QVERIFY2(secret, qPrintable(secret ? QString() : secret.error().message));
        QCOMPARE(secret->kind, KeySecret::Kind::KeyFile);
        QCOMPARE(secret->bytes.view(), QByteArrayView(content));
        QVERIFY(secret->origin.contains(path));
        auto created = ChainKeys::create(secret.value(), kFast, QString());
        QVERIFY(created);
        auto reread = KeySecret::readKeyFile(path);
        QVERIFY(reread);
        QVERIFY(created->first.unlock(reread.value(), kChain));

        // A second one differs.
        const QString other = dir.filePath(QStringLiteral("other.key"));
        QVERIFY(KeySecret::generateKeyFile(other));
        QVERIFY(readFile(other) != content);
        auto otherSecret = KeySecret::readKeyFile(other);
        QVERIFY(otherSecret);
        QVERIFY(!created->first.unlock(otherSecret.value(), kChain));

        // Into a directory that is not there: an I/O error, no file.
        const Status missingDir = KeySecret::generateKeyFile(dir.filePath(QStringLiteral("no/such/dir/k")));
        QVERIFY(!missingDir);
        QCOMPARE(missingDir.error().code, ErrorCode::Io);
    }

    void readKeyFileSizes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("k"));
        for (const qint64 size : {qint64(0), qint64(1), qint64(31), qint64(1024 * 1024 + 1)}) {
            QFile::remove(path);
            writeFile(path, QByteArray(size, 'k'));
            auto secret = KeySecret::readKeyFile(path);
            QVERIFY2(!secret, qPrintable(QString::number(size)));
            QCOMPARE(secret.error().code, ErrorCode::Config);
            QVERIFY2(secret.error().message.contains(path), qPrintable(secret.error().message));
        }
        for (const qint64 size : {qint64(32), qint64(1024 * 1024)}) {
            QFile::remove(path);
            writeFile(path, QByteArray(size, 'k'));
            auto secret = KeySecret::readKeyFile(path);
            QVERIFY2(secret, qPrintable(QString::number(size)));
            QCOMPARE(secret->bytes.size(), std::size_t(size));
        }
        auto missing = KeySecret::readKeyFile(dir.filePath(QStringLiteral("missing")));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::Config);
    }

    void readPassphraseFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("passphrase"); // Empty: refused.
        QTest::newRow("newline") << QByteArray("correct horse\n") << QByteArray("correct horse");
        QTest::newRow("crlf") << QByteArray("correct horse\r\n") << QByteArray("correct horse");
        QTest::newRow("no newline") << QByteArray("correct horse") << QByteArray("correct horse");
        QTest::newRow("two newlines") << QByteArray("correct horse\n\n") << QByteArray("correct horse");
        QTest::newRow("first line only") << QByteArray("first\nsecond\n") << QByteArray("first");
        QTest::newRow("spaces kept") << QByteArray(" pass word \n") << QByteArray(" pass word ");
        QTest::newRow("one character") << QByteArray("x") << QByteArray("x");
        QTest::newRow("utf-8") << QByteArray("p\xc3\xa4ss\n") << QByteArray("p\xc3\xa4ss");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("only newline") << QByteArray("\n") << QByteArray();
        QTest::newRow("only crlf") << QByteArray("\r\n") << QByteArray();
        QTest::newRow("empty first line") << QByteArray("\nsecond\n") << QByteArray();
    }

    void readPassphraseFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, passphrase);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pass"));
        writeFile(path, content);
        auto secret = KeySecret::readPassphraseFile(path);
        if (passphrase.isEmpty()) {
            QVERIFY(!secret);
            QCOMPARE(secret.error().code, ErrorCode::Config);
            QVERIFY2(secret.error().message.contains(path), qPrintable(secret.error().message));
            return;
        }
        QVERIFY2(secret, qPrintable(secret ? QString() : secret.error().message));
        QCOMPARE(secret->kind, KeySecret::Kind::Passphrase);
        QCOMPARE(secret->bytes.view(), QByteArrayView(passphrase));
        QVERIFY(secret->origin.contains(path));
        // Where it came from, never the passphrase (a passphrase this short may be in any path).
        if (passphrase.size() >= 6)
            QVERIFY(!secret->origin.contains(QString::fromUtf8(passphrase)));
    }

    void readPassphraseFileMissing()
    {
        auto secret = KeySecret::readPassphraseFile(QStringLiteral("/nonexistent/tidemark/pass"));
        QVERIFY(!secret);
        QCOMPARE(secret.error().code, ErrorCode::Config);
        QVERIFY(secret.error().message.contains(QStringLiteral("/nonexistent/tidemark/pass")));
    }

    void readableByOthers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pass"));
        writeFile(path, "x\n");
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(!KeySecret::isReadableByOthers(path));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
        QVERIFY(KeySecret::isReadableByOthers(path));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadOther));
        QVERIFY(KeySecret::isReadableByOthers(path));
    }
};

QTEST_GUILESS_MAIN(TestChainKeys)
#include "tst_chainkeys.moc"
