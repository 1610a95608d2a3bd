#include "cli/KeyCommand.h"

#include "cli/CommonOptions.h"
#include "cli/Passphrase.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QFileInfo>
#include <QJsonObject>

namespace tidemark::cli {

namespace {

constexpr int kMaxLabelLength = 200;

QString overview()
{
    return QStringLiteral(
        "Usage: tidemark-cli key SUBCOMMAND [OPTIONS]\n\n"
        "Manage the keys of an encrypted chain (its keys file PATH.keys). Each key (a passphrase or a key file)\n"
        "opens the chain's one data key; adding or removing a key rewrites PATH.keys only, the links are never\n"
        "re-encrypted.\n\n"
        "Subcommands:\n"
        "  list CHAIN        Show the chain's keys: id, kind, label, created, KDF (needs no secret).\n"
        "  add CHAIN         Add a key (--new-passphrase-file FILE or --new-key-file FILE), opening the chain\n"
        "                    with an existing one (--passphrase-file FILE or --key-file FILE).\n"
        "  remove CHAIN ID   Remove key ID (a unique prefix will do), opening the chain with another key.\n"
        "  generate FILE     Write a new key file (mode 0600) for 'key add --new-key-file' or 'backup --encrypt'.\n\n"
        "CHAIN is the chain's full snapshot: a path or s3://BUCKET/KEY.\n"
        "Run 'tidemark-cli key SUBCOMMAND --help' for a subcommand's options.\n");
}

/// Parses `args` (its first entry names the subcommand) and expects `names.size()` positionals;
/// false (with `exitCode` set) when the command should stop.
bool parseArgs(QCommandLineParser &parser, CommonOptions &common, const QStringList &args, const QStringList &names,
               CliStreams streams, int *exitCode)
{
    if (!common.parse(args, streams, exitCode))
        return false;
    if (parser.positionalArguments().size() != names.size()) {
        streams.err << args.value(0) << ": give " << names.join(QStringLiteral(" and ")) << "\n\n"
                    << parser.helpText() << Qt::flush;
        *exitCode = static_cast<int>(ErrorCode::Usage);
        return false;
    }
    return true;
}

void addChainArgument(QCommandLineParser &parser)
{
    parser.addPositionalArgument(
        QStringLiteral("CHAIN"),
        QStringLiteral("The encrypted chain: its full snapshot's path or s3://BUCKET/KEY (its keys are CHAIN.keys)."));
}

/// The keys of the chain in `store`: NotFound when there is no chain there, Usage for a plain one.
Result<ChainKeys> chainKeys(const ChainStore &store)
{
    auto listing = store.list();
    if (!listing)
        return listing.error();
    if (listing->links.empty())
        return makeError(ErrorCode::NotFound, QStringLiteral("There is no backup chain at '%1'").arg(store.path()),
                         QStringLiteral("Give the location of a chain's full snapshot (the file or object without a "
                                        ".N suffix), as it was given to backup."));
    auto keys = EncryptedChainStore::readKeys(store);
    if (!keys)
        return keys.error();
    if (!keys.value())
        return makeError(ErrorCode::Usage,
                         QStringLiteral("The chain %1 is not encrypted: it has no keys file '%2'")
                             .arg(store.path(), store.sidecarPath(EncryptedChainStore::kKeysSidecar)),
                         QStringLiteral("A plain chain has no keys to manage. To encrypt backups, start a new chain: "
                                        "tidemark-cli backup --encrypt --passphrase-file FILE NEWPATH."));
    return std::move(*keys.value());
}

// The chain at `location` with its lock held and its keys read (first without the lock, so a
// plain or missing chain is refused without waiting for it; then again with it held, so that
// what is written back is the keys as they are now).
struct LockedKeys {
    std::unique_ptr<ChainStore> store;
    std::unique_ptr<ChainStore::Lock> lock;
    Result<ChainKeys> keys = makeError(ErrorCode::Failure, {});
};
Result<LockedKeys> lockedKeys(const QString &location)
{
    LockedKeys locked;
    locked.store = ChainStore::open(ChainStore::canonicalLocation(location));
    if (auto keys = chainKeys(*locked.store); !keys)
        return keys.error();
    auto lock = locked.store->lock();
    if (!lock)
        return lock.error();
    locked.lock = lock.takeValue();
    locked.keys = chainKeys(*locked.store);
    if (!locked.keys)
        return locked.keys.error();
    return locked;
}

/// The chain's data key, opened by a secret given the usual way; without one and with a terminal,
/// an existing passphrase is asked here (so that givenSecrets() holds it too).
Result<SecretBytes> openWithExistingKey(const ChainKeys &keys, const QString &chain, const CommonOptions &common)
{
    if (!common.secretGiven() && haveTerminal()) {
        if (auto secret = askPassphrase(QStringLiteral("An existing passphrase of the chain %1: ").arg(chain), false))
            ChainSecrets::addSecret(std::move(*secret));
    }
    ChainSecrets::setPrompt({});
    return ChainSecrets::dataKey(keys, chain);
}

/// The index of the slot `id` names (its id, or the unique one starting with it); errors as
/// ChainKeys::removeSlot gives them.
Result<int> slotIndex(const ChainKeys &keys, const QString &id, const QString &chain)
{
    ChainKeys probe = keys;
    if (Status s = probe.removeSlot(id, chain); !s)
        return s.error();
    for (std::size_t i = 0; i < keys.slots().size(); ++i) {
        if (keys.slots()[i].id.startsWith(id, Qt::CaseInsensitive))
            return static_cast<int>(i);
    }
    return makeError(ErrorCode::NotFound, QStringLiteral("The chain '%1' has no key '%2'").arg(chain, id));
}

QString kindKey(KeySecret::Kind kind)
{
    return kind == KeySecret::Kind::Passphrase ? QStringLiteral("passphrase") : QStringLiteral("keyfile");
}

QString kdfText(const ChainKeys::Slot &slot)
{
    if (slot.kind != KeySecret::Kind::Passphrase)
        return QStringLiteral("-");
    return QStringLiteral("argon2id %1 %2, %3 MiB")
        .arg(slot.kdf.passes)
        .arg(slot.kdf.passes == 1 ? QStringLiteral("pass") : QStringLiteral("passes"))
        .arg(slot.kdf.memoryBytes >> 20);
}

QString describe(const ChainKeys::Slot &slot)
{
    return slot.label.isEmpty() ? KeySecret::kindName(slot.kind)
                                : QStringLiteral("%1, label '%2'").arg(KeySecret::kindName(slot.kind), slot.label);
}

// `--json`'s last line of key add and key remove: `what` ("added", "removed") is the slot's id.
void printSlotDone(QTextStream &out, const QString &chain, const QString &what, const ChainKeys::Slot &slot, int count)
{
    printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                          {QStringLiteral("chain"), chain},
                          {what, slot.id},
                          {QStringLiteral("kind"), kindKey(slot.kind)},
                          {QStringLiteral("label"), slot.label},
                          {QStringLiteral("keys"), count}},
              out);
}

void warnIfReadableByOthers(const QString &path, CliStreams streams)
{
    if (KeySecret::isReadableByOthers(path))
        streams.err << "tidemark: warning: '" << path
                    << "' is readable or writable by other users; make it private: chmod 600 " << path << Qt::endl;
}

int listKeys(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Shows the keys of an encrypted chain: id, kind, label, created and KDF, and the chain's key "
                       "id.\nNeeds no passphrase or key file: the keys file holds them wrapped, and in the clear."));
    CommonOptions common(parser, false);
    addChainArgument(parser);
    int exitCode = 0;
    if (!parseArgs(parser, common, args, {QStringLiteral("CHAIN")}, streams, &exitCode))
        return exitCode;
    const auto store = ChainStore::open(ChainStore::canonicalLocation(parser.positionalArguments().first()));
    auto keys = chainKeys(*store);
    if (!keys)
        return reportError(keys.error(), common.json(), streams);
    const QString keyId = QString::fromLatin1(keys->keyId().toHex());
    const int count = static_cast<int>(keys->slots().size());
    if (common.json()) {
        for (const ChainKeys::Slot &slot : keys->slots()) {
            QJsonObject object{{QStringLiteral("event"), QStringLiteral("key")},
                               {QStringLiteral("id"), slot.id},
                               {QStringLiteral("kind"), kindKey(slot.kind)},
                               {QStringLiteral("label"), slot.label},
                               {QStringLiteral("created"), slot.created.toString(Qt::ISODate)}};
            if (slot.kind == KeySecret::Kind::Passphrase) {
                object.insert(QStringLiteral("kdf"), QStringLiteral("argon2id"));
                object.insert(QStringLiteral("kdfPasses"), static_cast<qint64>(slot.kdf.passes));
                object.insert(QStringLiteral("kdfMemoryMiB"), static_cast<qint64>(slot.kdf.memoryBytes >> 20));
            } else {
                object.insert(QStringLiteral("kdf"), QStringLiteral("blake2b"));
            }
            printJson(object, streams.out);
        }
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("chain"), store->path()},
                              {QStringLiteral("keyId"), keyId},
                              {QStringLiteral("keys"), count}},
                  streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "chain " << store->path() << " (encrypted, key id " << keyId << ")\n";
    out << "  " << QStringLiteral("ID").leftJustified(18) << QStringLiteral("KIND").leftJustified(12)
        << QStringLiteral("CREATED").leftJustified(22) << QStringLiteral("KDF").leftJustified(28) << "LABEL\n";
    for (const ChainKeys::Slot &slot : keys->slots()) {
        const QString line = slot.id.leftJustified(18) + KeySecret::kindName(slot.kind).leftJustified(12) +
                             slot.created.toString(Qt::ISODate).leftJustified(22) + kdfText(slot).leftJustified(28) +
                             slot.label;
        out << "  " << line.trimmed() << "\n";
    }
    out << count << (count == 1 ? " key" : " keys") << Qt::endl;
    return 0;
}

int addKey(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Adds a key to an encrypted chain: a new passphrase or key file that opens it too.\n"
                       "An existing key opens the chain first: --passphrase-file FILE or --key-file FILE (or "
                       "TIDEMARK_PASSPHRASE_FILE, systemd credentials, a question on the terminal).\n"
                       "Without --new-passphrase-file and --new-key-file, the new passphrase is asked twice on the "
                       "terminal.\nOnly CHAIN.keys changes (with the chain's lock held); the links stay as they are."));
    CommonOptions common(parser, false);
    const QCommandLineOption newPassphraseFile(
        QStringLiteral("new-passphrase-file"),
        QStringLiteral("The new key: a file only you can read holding a passphrase on its first line."),
        QStringLiteral("FILE"));
    const QCommandLineOption newKeyFile(
        QStringLiteral("new-key-file"),
        QStringLiteral("The new key: a key file (tidemark-cli key generate FILE writes one)."), QStringLiteral("FILE"));
    const QCommandLineOption label(
        QStringLiteral("label"), QStringLiteral("A label for the new key, shown by key list (e.g. \"offline safe\")."),
        QStringLiteral("TEXT"));
    parser.addOptions({newPassphraseFile, newKeyFile, label});
    const KdfOptions kdfOptions(parser);
    addChainArgument(parser);
    int exitCode = 0;
    if (!parseArgs(parser, common, args, {QStringLiteral("CHAIN")}, streams, &exitCode))
        return exitCode;
    const auto usage = [&](const QString &message) {
        streams.err << "key add: " << message << "\n" << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    };
    if (parser.isSet(newPassphraseFile) && parser.isSet(newKeyFile))
        return usage(QStringLiteral("give the new key once: --new-passphrase-file FILE or --new-key-file FILE, not "
                                    "both (add the other with a second 'key add')"));
    if (parser.isSet(newKeyFile) &&
        (parser.isSet(QStringLiteral("kdf-memory")) || parser.isSet(QStringLiteral("kdf-passes"))))
        return usage(QStringLiteral("--kdf-memory and --kdf-passes apply to a new passphrase; a key file is random "
                                    "and needs no key derivation: leave them out"));
    const auto kdf = kdfOptions.parse(QStringLiteral("key add"), streams.err);
    if (!kdf)
        return static_cast<int>(ErrorCode::Usage);
    const QString labelText = parser.value(label);
    if (labelText.size() > kMaxLabelLength)
        return usage(QStringLiteral("--label takes at most %1 characters").arg(kMaxLabelLength));
    for (const QChar c : labelText) {
        if (c.category() == QChar::Other_Control)
            return usage(QStringLiteral("--label takes one line of text without control characters"));
    }

    // The new key, when it comes from a file: read (and its file checked) before the chain is touched.
    std::optional<KeySecret> newSecret;
    if (parser.isSet(newPassphraseFile) || parser.isSet(newKeyFile)) {
        const bool isKeyFile = parser.isSet(newKeyFile);
        const QString path = parser.value(isKeyFile ? newKeyFile : newPassphraseFile);
        auto secret = isKeyFile ? KeySecret::readKeyFile(path) : KeySecret::readPassphraseFile(path);
        if (!secret)
            return reportError(secret.error(), common.json(), streams);
        warnIfReadableByOthers(path, streams);
        newSecret = secret.takeValue();
    }
    if (!newSecret && !haveTerminal())
        return usage(QStringLiteral("give the new key: --new-passphrase-file FILE or --new-key-file FILE (without "
                                    "them the new passphrase is asked on a terminal, and there is none)"));

    auto locked = lockedKeys(parser.positionalArguments().first());
    if (!locked)
        return reportError(locked.error(), common.json(), streams);
    const auto &store = locked->store;
    const QString chain = store->path();
    auto &keys = locked->keys;
    auto dataKey = openWithExistingKey(keys.value(), chain, common);
    if (!dataKey)
        return reportError(dataKey.error(), common.json(), streams);
    if (!newSecret) {
        newSecret = askPassphrase(QStringLiteral("New passphrase for the chain %1: ").arg(chain), true);
        if (!newSecret)
            return reportError(makeError(ErrorCode::Usage,
                                         QStringLiteral("No new passphrase given for the chain %1").arg(chain),
                                         QStringLiteral("Type it twice, or give --new-passphrase-file FILE or "
                                                        "--new-key-file FILE.")),
                               common.json(), streams);
        newSecret->origin = QStringLiteral("the new passphrase typed on the terminal");
    }
    auto id = keys->addSlot(dataKey.value(), *newSecret, *kdf, labelText, chain);
    if (!id)
        return reportError(id.error(), common.json(), streams);
    if (Status s = EncryptedChainStore::writeKeys(*store, keys.value()); !s)
        return reportError(s.error(), common.json(), streams);
    const int count = static_cast<int>(keys->slots().size());
    const ChainKeys::Slot &slot = keys->slots().back();
    if (common.json()) {
        printSlotDone(streams.out, chain, QStringLiteral("added"), slot, count);
        return 0;
    }
    streams.out << "Added key " << slot.id << " (" << describe(slot) << ") to the chain " << chain << "; it has "
                << count << " keys now.\n"
                << "Only " << store->sidecarPath(EncryptedChainStore::kKeysSidecar)
                << " changed: the links were not re-encrypted." << Qt::endl;
    return 0;
}

int removeKey(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Removes a key from an encrypted chain. Another of its keys opens the chain first "
                       "(--passphrase-file FILE or --key-file FILE): the key that opens it cannot remove itself, "
                       "and the last key is never removed.\nOnly CHAIN.keys changes: the data key stays the same, "
                       "so a copy of the old CHAIN.keys still opens the chain with the removed key."));
    CommonOptions common(parser, false);
    addChainArgument(parser);
    parser.addPositionalArgument(QStringLiteral("ID"),
                                 QStringLiteral("The key to remove: its id as key list shows it, or a unique prefix."));
    int exitCode = 0;
    if (!parseArgs(parser, common, args, {QStringLiteral("CHAIN"), QStringLiteral("ID")}, streams, &exitCode))
        return exitCode;
    const QString id = parser.positionalArguments().at(1);
    if (id.isEmpty()) {
        streams.err << "key remove: ID is empty; give the id of the key to remove (or a unique prefix of it), as "
                       "'tidemark-cli key list CHAIN' shows it\n"
                    << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    auto locked = lockedKeys(parser.positionalArguments().first());
    if (!locked)
        return reportError(locked.error(), common.json(), streams);
    const auto &store = locked->store;
    const QString chain = store->path();
    auto &keys = locked->keys;
    // What the keys file alone tells (no such key, several, the last one) before any key derivation.
    auto index = slotIndex(keys.value(), id, chain);
    if (!index)
        return reportError(index.error(), common.json(), streams);
    auto dataKey = openWithExistingKey(keys.value(), chain, common);
    if (!dataKey)
        return reportError(dataKey.error(), common.json(), streams);
    const ChainKeys::Slot removed = keys->slots()[static_cast<std::size_t>(index.value())];
    for (const KeySecret &secret : ChainSecrets::givenSecrets()) {
        if (keys->slotOpenedBy(secret) == index.value())
            return reportError(
                makeError(ErrorCode::Usage,
                          QStringLiteral("Key %1 of the chain %2 is the one %3 opens; a key cannot remove itself")
                              .arg(removed.id, chain, secret.origin),
                          QStringLiteral("Open the chain with another of its keys (--passphrase-file FILE or "
                                         "--key-file FILE) to remove this one; 'tidemark-cli key list %1' shows them.")
                              .arg(chain)),
                common.json(), streams);
    }
    if (Status s = keys->removeSlot(removed.id, chain); !s)
        return reportError(s.error(), common.json(), streams);
    if (Status s = EncryptedChainStore::writeKeys(*store, keys.value()); !s)
        return reportError(s.error(), common.json(), streams);
    const int count = static_cast<int>(keys->slots().size());
    if (common.json()) {
        printSlotDone(streams.out, chain, QStringLiteral("removed"), removed, count);
        return 0;
    }
    streams.out << "Removed key " << removed.id << " (" << describe(removed) << ") from the chain " << chain << "; "
                << count << (count == 1 ? " key remains" : " keys remain") << ".\n"
                << "Only " << store->sidecarPath(EncryptedChainStore::kKeysSidecar)
                << " changed: copies of the old keys file still open the chain with the removed key." << Qt::endl;
    return 0;
}

int generateKey(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes a new key file: 32 random bytes (hex, one line), mode 0600. An existing file is never "
                       "overwritten.\nUse it with 'tidemark-cli backup --encrypt --key-file FILE' or 'tidemark-cli "
                       "key add CHAIN --new-key-file FILE'; keep a copy away from the chain."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON (one object per line)."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Where the new key file goes."));
    if (!parser.parse(args)) {
        streams.err << args.value(0) << ": " << parser.errorText() << "\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    if (parser.isSet(QStringLiteral("help"))) {
        streams.out << parser.helpText() << Qt::flush;
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        streams.err << args.value(0) << ": give FILE\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    const QString path = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    if (Status s = KeySecret::generateKeyFile(path); !s)
        return reportError(s.error(), parser.isSet(json), streams);
    if (parser.isSet(json)) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")}, {QStringLiteral("file"), path}},
                  streams.out);
        return 0;
    }
    streams.out << "Wrote a new key file to " << path << " (mode 0600).\n"
                << "Keep a copy away from the chain (another machine, a safe): without one of its keys no link of the "
                   "chain can be read.\n"
                << "Use it: tidemark-cli key add CHAIN --new-key-file " << path << "  (or backup --encrypt --key-file "
                << path << " for a new chain)" << Qt::endl;
    return 0;
}

} // namespace

int KeyCommand::execute(const QStringList &args, CliStreams streams)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        (sub.isEmpty() ? streams.err : streams.out) << overview() << Qt::flush;
        return sub.isEmpty() ? static_cast<int>(ErrorCode::Usage) : 0;
    }
    // The subcommand's parser sees "key SUB" as the program, then the rest.
    const QStringList rest = QStringList{QStringLiteral("key ") + sub} + args.mid(2);
    if (sub == QLatin1String("list"))
        return listKeys(rest, streams);
    if (sub == QLatin1String("add"))
        return addKey(rest, streams);
    if (sub == QLatin1String("remove"))
        return removeKey(rest, streams);
    if (sub == QLatin1String("generate"))
        return generateKey(rest, streams);
    streams.err << "key: unknown subcommand '" << sub << "'\n\n" << overview() << Qt::flush;
    return static_cast<int>(ErrorCode::Usage);
}

} // namespace tidemark::cli
