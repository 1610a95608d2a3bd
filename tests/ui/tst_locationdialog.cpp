// Add location…: the LocationDialog driven through its widgets (object names), alone and in the
// main window. S3 fields validate; Test connection names a refused endpoint and a host DNS does
// not know; where no keyring runs (this test's environment: no Secret Service) the dialog says so,
// the secret serves this session or goes to the 0600 token file, and after a restart the AWS
// environment's keys are used. The keyring path itself runs against an in-memory Keyring; an S3
// chain in the main window is read off the GUI thread and its error shown, and waits while its
// secret is read. No object store is needed: every endpoint here fails on purpose.
#include "support/FakeS3.h"
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "MemoryKeyring.h"

#include "storage/S3Settings.h"

#include "ChainPane.h"
#include "Keyring.h"
#include "LocationDialog.h"
#include "MainWindow.h"
#include "NodeStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

// QVERIFY2 of Qt 6.4 evaluates its message even when the statement holds.
QString errorOf(const Result<S3Settings> &result)
{
    return result ? QString() : result.error().toString();
}

int mode(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

} // namespace

class TestLocationDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

    template <typename T> static T *field(const QWidget &dialog, const char *name)
    {
        auto *widget = dialog.findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }
    static QPushButton *okButton(const LocationDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }
    static QString problem(const LocationDialog &dialog) { return field<QLabel>(dialog, "problemLabel")->text(); }

    // Fills the S3 page (the dialog shows it first).
    static void fillS3(LocationDialog &dialog, const QString &endpoint, const QString &bucket, const QString &key,
                       const QString &accessKey = {}, const QString &secretKey = {})
    {
        QTest::mouseClick(field<QRadioButton>(dialog, "s3Radio"), Qt::LeftButton);
        field<QLineEdit>(dialog, "endpointEdit")->setText(endpoint);
        field<QLineEdit>(dialog, "bucketEdit")->setText(bucket);
        field<QLineEdit>(dialog, "keyEdit")->setText(key);
        field<QLineEdit>(dialog, "accessKeyEdit")->setText(accessKey);
        field<QLineEdit>(dialog, "secretKeyEdit")->setText(secretKey);
    }

    // Clicks Test connection and returns the text it showed.
    static QString testConnection(LocationDialog &dialog, bool *ok = nullptr)
    {
        QSignalSpy finished(&dialog, &LocationDialog::testFinished);
        auto *test = field<QPushButton>(dialog, "testConnectionButton");
        if (!test->isEnabled())
            return QStringLiteral("(Test connection disabled: %1)").arg(problem(dialog));
        QTest::mouseClick(test, Qt::LeftButton);
        if (!finished.wait(60000))
            return QStringLiteral("(no answer)");
        if (ok)
            *ok = finished.first().at(0).toBool();
        const QString shown = field<QLabel>(dialog, "testResultLabel")->text();
        if (shown != finished.first().at(1).toString())
            return QStringLiteral("(label and signal differ)");
        return shown;
    }

    static void waitForKeyringCheck(LocationDialog &dialog)
    {
        if (!dialog.keyringChecked()) {
            QSignalSpy checked(&dialog, &LocationDialog::keyringCheckFinished);
            QVERIFY(checked.wait(10000));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        // No AWS keys or files of whoever runs the test; a refused endpoint is tried once.
        for (const char *name :
             {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION",
              "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CA_BUNDLE"})
            qunsetenv(name);
        qputenv("AWS_SHARED_CREDENTIALS_FILE", m_settingsDir.filePath(QStringLiteral("no-credentials")).toUtf8());
        qputenv("AWS_CONFIG_FILE", m_settingsDir.filePath(QStringLiteral("no-config")).toUtf8());
        qputenv("TIDEMARK_S3_RETRIES", "1");
    }

    void cleanup()
    {
        Keyring::setInstance(nullptr);
        qunsetenv("AWS_ACCESS_KEY_ID");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
    }

    void localFileIsTheDefault()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(field<QRadioButton>(dialog, "localRadio")->isChecked());
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(problem(dialog).isEmpty()); // nothing typed: no red yet
        field<QLineEdit>(dialog, "localPathEdit")->setText(QStringLiteral("relative/node1"));
        QVERIFY2(problem(dialog).contains(QStringLiteral("absolute path")), qPrintable(problem(dialog)));
        QVERIFY(!okButton(dialog)->isEnabled());
        field<QLineEdit>(dialog, "localPathEdit")->setText(m_settingsDir.path());
        QVERIFY2(problem(dialog).contains(QStringLiteral("is a folder")), qPrintable(problem(dialog)));
        field<QLineEdit>(dialog, "localPathEdit")->setText(QStringLiteral("s3://backups/node1"));
        QVERIFY2(problem(dialog).contains(QStringLiteral("S3 location")), qPrintable(problem(dialog)));
        field<QLineEdit>(dialog, "localPathEdit")->setText(m_settingsDir.filePath(QStringLiteral("x/../node1")));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(!dialog.isS3());
        QCOMPARE(dialog.location(), m_settingsDir.filePath(QStringLiteral("node1")));
        // Browse… opens a file chooser whose choice fills the field.
        QTest::mouseClick(field<QPushButton>(dialog, "browseButton"), Qt::LeftButton);
        auto *chooser = dialog.findChild<QFileDialog *>(QStringLiteral("locationFileDialog"));
        QVERIFY(chooser);
        QTRY_VERIFY(chooser->isVisible());
        Q_EMIT chooser->fileSelected(m_settingsDir.filePath(QStringLiteral("chosen")));
        chooser->close();
        QCOMPARE(field<QLineEdit>(dialog, "localPathEdit")->text(), m_settingsDir.filePath(QStringLiteral("chosen")));
    }

    void s3FieldsValidate()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillS3(dialog, {}, {}, {});
        QVERIFY(dialog.isS3());
        QVERIFY(field<QLineEdit>(dialog, "endpointEdit")->isVisible());
        QVERIFY(!field<QLineEdit>(dialog, "localPathEdit")->isVisible());
        QCOMPARE(field<QLineEdit>(dialog, "secretKeyEdit")->echoMode(), QLineEdit::Password);
        QVERIFY(field<QLabel>(dialog, "credentialsHint")->text().contains(QStringLiteral("AWS_ACCESS_KEY_ID")));
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(!field<QPushButton>(dialog, "testConnectionButton")->isEnabled());

        // No bucket: OK disabled, and the message names the field.
        field<QLineEdit>(dialog, "keyEdit")->setText(QStringLiteral("tidemark/node1"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY2(problem(dialog).startsWith(QStringLiteral("Bucket:")), qPrintable(problem(dialog)));
        QVERIFY(field<QLabel>(dialog, "problemLabel")->isVisible());

        field<QLineEdit>(dialog, "bucketEdit")->setText(QStringLiteral("backups/tidemark"));
        QVERIFY2(problem(dialog).contains(QStringLiteral("not a bucket name")), qPrintable(problem(dialog)));
        field<QLineEdit>(dialog, "bucketEdit")->setText(QStringLiteral("backups"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(field<QPushButton>(dialog, "testConnectionButton")->isEnabled());
        QVERIFY(!field<QLabel>(dialog, "problemLabel")->isVisible());
        QCOMPARE(dialog.location(), QStringLiteral("s3://backups/tidemark/node1"));
        QVERIFY2(field<QLabel>(dialog, "urlLabel")->text().contains(QStringLiteral("s3://backups/tidemark/node1")),
                 qPrintable(field<QLabel>(dialog, "urlLabel")->text()));

        field<QLineEdit>(dialog, "keyEdit")->setText(QStringLiteral("tidemark/"));
        QVERIFY2(problem(dialog).contains(QStringLiteral("ends with '/'")), qPrintable(problem(dialog)));
        QVERIFY(!okButton(dialog)->isEnabled());
        field<QLineEdit>(dialog, "keyEdit")->setText(QStringLiteral("/tidemark/node1")); // a leading '/' goes
        QCOMPARE(dialog.location(), QStringLiteral("s3://backups/tidemark/node1"));

        field<QLineEdit>(dialog, "endpointEdit")->setText(QStringLiteral("ftp://rgw:7480"));
        QVERIFY2(problem(dialog).startsWith(QStringLiteral("Endpoint:")), qPrintable(problem(dialog)));
        field<QLineEdit>(dialog, "endpointEdit")->setText(QStringLiteral("http://rgw:7480/some/path"));
        QVERIFY2(problem(dialog).startsWith(QStringLiteral("Endpoint:")), qPrintable(problem(dialog)));
        // Any endpoint but AWS's: path style, unless the user chose.
        field<QLineEdit>(dialog, "endpointEdit")->setText(QStringLiteral("http://rgw:7480/"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(field<QCheckBox>(dialog, "pathStyleCheck")->isChecked());
        QCOMPARE(dialog.s3Settings().endpoint, QStringLiteral("http://rgw:7480"));
        field<QLineEdit>(dialog, "endpointEdit")->setText(QStringLiteral("https://s3.eu-west-1.amazonaws.com"));
        QVERIFY(!field<QCheckBox>(dialog, "pathStyleCheck")->isChecked());
        clickCheckBox(field<QCheckBox>(dialog, "pathStyleCheck"));
        field<QLineEdit>(dialog, "endpointEdit")->setText(QString());
        QVERIFY(field<QCheckBox>(dialog, "pathStyleCheck")->isChecked());
        QVERIFY(dialog.s3Settings().pathStyle);

        // Keys: both or neither.
        field<QLineEdit>(dialog, "accessKeyEdit")->setText(QStringLiteral("AKIDEXAMPLE"));
        QVERIFY2(problem(dialog).startsWith(QStringLiteral("Secret key:")), qPrintable(problem(dialog)));
        QVERIFY(!okButton(dialog)->isEnabled());
        field<QLineEdit>(dialog, "accessKeyEdit")->setText(QString());
        field<QLineEdit>(dialog, "secretKeyEdit")->setText(QStringLiteral("secret"));
        QVERIFY2(problem(dialog).startsWith(QStringLiteral("Access key:")), qPrintable(problem(dialog)));
        field<QLineEdit>(dialog, "accessKeyEdit")->setText(QStringLiteral("AKIDEXAMPLE"));
        QVERIFY(okButton(dialog)->isEnabled());
        QCOMPARE(dialog.secretKey(), QStringLiteral("secret"));
        QCOMPARE(dialog.s3Settings().accessKey, QStringLiteral("AKIDEXAMPLE"));
    }

    void pastedUrlIsTakenApart()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillS3(dialog, {}, {}, {});
        QApplication::clipboard()->setText(QStringLiteral("s3://backups/tidemark/node1"));
        auto *bucket = field<QLineEdit>(dialog, "bucketEdit");
        bucket->setFocus();
        bucket->paste();
        QCOMPARE(bucket->text(), QStringLiteral("backups"));
        QCOMPARE(field<QLineEdit>(dialog, "keyEdit")->text(), QStringLiteral("tidemark/node1"));
    }

    void testConnectionNamesARefusedEndpoint()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        fillS3(dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"), QStringLiteral("node1"),
               QStringLiteral("AKIDEXAMPLE"), QStringLiteral("secret"));
        bool ok = true;
        const QString shown = testConnection(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(shown.contains(QStringLiteral("Cannot connect to the S3 endpoint http://127.0.0.1:1")),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Check that the object store runs")), qPrintable(shown)); // the hint
        QVERIFY(field<QPushButton>(dialog, "testConnectionButton")->isEnabled());
        // The typed settings were the location's for the test only.
        QCOMPARE(S3Settings::overrides(QStringLiteral("s3://backups/node1")).endpoint, QString());
        // Another setting: the old result goes.
        field<QLineEdit>(dialog, "regionEdit")->setText(QStringLiteral("eu-west-1"));
        QVERIFY(field<QLabel>(dialog, "testResultLabel")->text().isEmpty());
    }

    void testConnectionNamesDns()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        fillS3(dialog, QStringLiteral("http://no-such-host.invalid"), QStringLiteral("backups"),
               QStringLiteral("node1"), QStringLiteral("AKIDEXAMPLE"), QStringLiteral("secret"));
        const QString shown = testConnection(dialog);
        QVERIFY2(shown.contains(QStringLiteral("Cannot resolve the S3 endpoint's host 'no-such-host.invalid' (DNS)")),
                 qPrintable(shown));
    }

    // A store that answers: what is under the key, and its refusals with their fixes.
    void testConnectionNamesWhatTheStoreSays()
    {
        tidemark::test::FakeS3 s3;
        QString error;
        QVERIFY2(s3.start(&error), qPrintable(error));
        s3.putObject(QStringLiteral("backups"), QStringLiteral("tidemark/node1"), "full");
        s3.putObject(QStringLiteral("backups"), QStringLiteral("tidemark/node1.0"), "incremental");
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        fillS3(dialog, s3.endpoint(), QStringLiteral("backups"), QStringLiteral("tidemark/node1"),
               QStringLiteral("AKIDEXAMPLE"), QStringLiteral("secret"));
        bool ok = false;
        QString shown = testConnection(dialog, &ok);
        QVERIFY2(ok, qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("OK: 2 object")) &&
                     shown.contains(QStringLiteral("s3://backups/tidemark/node1")),
                 qPrintable(shown));
        field<QLineEdit>(dialog, "keyEdit")->setText(QStringLiteral("tidemark/node2"));
        shown = testConnection(dialog, &ok);
        QVERIFY2(ok && shown.contains(QStringLiteral("nothing under s3://backups/tidemark/node2")), qPrintable(shown));

        s3.failNext("GET", QStringLiteral("list-type"), 1, 403, "AccessDenied");
        shown = testConnection(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(shown.contains(QStringLiteral("denied")) && shown.contains(QStringLiteral("HTTP 403 AccessDenied")) &&
                     shown.contains(QStringLiteral("AKIDEXAMPLE")),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("s3:ListBucket")), qPrintable(shown)); // the fix
        s3.failNext("GET", QStringLiteral("list-type"), 1, 403, "SignatureDoesNotMatch");
        shown = testConnection(dialog, &ok);
        QVERIFY2(shown.contains(QStringLiteral("the secret key")) && shown.contains(QStringLiteral("not that key's")),
                 qPrintable(shown));

        field<QLineEdit>(dialog, "bucketEdit")->setText(QStringLiteral("no-such-bucket"));
        shown = testConnection(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(shown.contains(QStringLiteral("The bucket 'no-such-bucket' does not exist at %1").arg(s3.endpoint())),
                 qPrintable(shown));
    }

    void testConnectionTakesTheAwsEnvironmentWithoutKeys()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        fillS3(dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"), QStringLiteral("node1"));
        QString shown = testConnection(dialog);
        QVERIFY2(shown.contains(QStringLiteral("No S3 credentials")), qPrintable(shown));
        qputenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
        qputenv("AWS_SECRET_ACCESS_KEY", "secret-from-env");
        shown = testConnection(dialog);
        QVERIFY2(shown.contains(QStringLiteral("Cannot connect to the S3 endpoint")), qPrintable(shown));
    }

    // This test's environment runs no Secret Service: QtKeychain fails, the dialog says so.
    void noKeyringIsSaidAndTheTokenFileOffered()
    {
        LocationDialog dialog(QStringLiteral("node1"));
        dialog.show();
        fillS3(dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"), QStringLiteral("node1"),
               QStringLiteral("AKIDEXAMPLE"), QStringLiteral("secret"));
        waitForKeyringCheck(dialog);
        if (dialog.keyringAvailable())
            QSKIP("a system keyring runs here: the fallback is not taken");
        const QString said = field<QLabel>(dialog, "keyringLabel")->text();
        QVERIFY2(said.contains(QStringLiteral("No system keyring is running")), qPrintable(said));
        QVERIFY2(said.contains(QStringLiteral("AWS_SECRET_ACCESS_KEY or ~/.aws/credentials")), qPrintable(said));
        auto *inFile = field<QCheckBox>(dialog, "secretFileCheck");
        QVERIFY(inFile->isVisible());
        QVERIFY(!inFile->isChecked());
        QCOMPARE(dialog.s3Settings().secretIn, S3Location::Secret::None);
        clickCheckBox(inFile);
        QCOMPARE(dialog.s3Settings().secretIn, S3Location::Secret::File);
        // Without keys there is no secret to keep.
        field<QLineEdit>(dialog, "secretKeyEdit")->setText(QString());
        field<QLineEdit>(dialog, "accessKeyEdit")->setText(QString());
        QVERIFY(!inFile->isEnabled());
        QCOMPARE(dialog.s3Settings().secretIn, S3Location::Secret::None);
    }

    // Without a keyring and without the token file: the typed keys serve this session; after a
    // restart the location still works, with the AWS environment's keys.
    void withoutKeyringTheLocationWorksWithEnvironmentKeys()
    {
        const QString location = QStringLiteral("s3://backups/env/node1");
        QString id;
        {
            NodeStore store;
            id = store.save({QString(), QStringLiteral("n1"), QStringLiteral("10.0.0.5:8808"), {}, 24});
            LocationDialog dialog(QStringLiteral("n1"), &store);
            dialog.show();
            fillS3(dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"), QStringLiteral("env/node1"),
                   QStringLiteral("AKIDTYPED"), QStringLiteral("typed-secret"));
            waitForKeyringCheck(dialog);
            if (dialog.keyringAvailable())
                QSKIP("a system keyring runs here: the fallback is not taken");
            QCOMPARE(dialog.s3Settings().secretIn, S3Location::Secret::None);
            store.addS3Location(id, dialog.location(), dialog.s3Settings(), dialog.secretKey());
            QCOMPARE(store.node(id)->locations, QStringList{location});
            QVERIFY(!store.isReadingKeyring(location));
            auto settings = S3Settings::resolve(location);
            QVERIFY2(settings, qPrintable(errorOf(settings)));
            QCOMPARE(settings->accessKey, QStringLiteral("AKIDTYPED"));
            QCOMPARE(settings->secretKey, QStringLiteral("typed-secret"));
            QCOMPARE(settings->endpoint, QStringLiteral("http://127.0.0.1:1"));
            QVERIFY(settings->pathStyle);
        }
        // A restart: the secret was kept nowhere.
        qputenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
        qputenv("AWS_SECRET_ACCESS_KEY", "secret-from-env");
        NodeStore store;
        QVERIFY(!store.isReadingKeyring(location));
        QCOMPARE(store.s3Location(location)->accessKey, QStringLiteral("AKIDTYPED"));
        QCOMPARE(store.s3Location(location)->secretIn, S3Location::Secret::None);
        auto settings = S3Settings::resolve(location);
        QVERIFY2(settings, qPrintable(errorOf(settings)));
        QCOMPARE(settings->accessKey, QStringLiteral("AKIDFROMENV"));
        QCOMPARE(settings->secretKey, QStringLiteral("secret-from-env"));
        QCOMPARE(settings->endpoint, QStringLiteral("http://127.0.0.1:1")); // the location's still
        // Nothing secret in the settings file.
        QFile file(QSettings().fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("typed-secret"));
        store.remove(id);
        QVERIFY(!store.s3Location(location));
        QCOMPARE(S3Settings::overrides(location).endpoint, QString());
    }

    void tokenFileKeepsTheSecretWhenChosen()
    {
        const QString location = QStringLiteral("s3://backups/file/node1");
        QString id;
        {
            NodeStore store;
            id = store.save({QString(), QStringLiteral("n1"), QStringLiteral("10.0.0.5:8808"), {}, 24});
            S3Location s3{QStringLiteral("http://127.0.0.1:1"), QStringLiteral("eu-west-1"), true,
                          QStringLiteral("AKIDFILE"), S3Location::Secret::File};
            store.addS3Location(id, location, s3, QStringLiteral("file-secret-0123456789"));
        }
        const QString path = NodeStore::tokenFilePath();
        QCOMPARE(mode(path), 0600);
        {
            QFile tokens(path);
            QVERIFY(tokens.open(QIODevice::ReadOnly));
            QVERIFY(tokens.readAll().contains("file-secret-0123456789"));
            QFile settings(QSettings().fileName());
            QVERIFY(settings.open(QIODevice::ReadOnly));
            QVERIFY(!settings.readAll().contains("file-secret"));
        }
        S3Settings::setOverrides({}, location);
        NodeStore store; // a restart: the secret comes back from the file
        QVERIFY(!store.isReadingKeyring(location));
        auto settings = S3Settings::resolve(location);
        QVERIFY2(settings, qPrintable(errorOf(settings)));
        QCOMPARE(settings->accessKey, QStringLiteral("AKIDFILE"));
        QCOMPARE(settings->secretKey, QStringLiteral("file-secret-0123456789"));
        QCOMPARE(settings->region, QStringLiteral("eu-west-1"));
        // Forgetting the location forgets its secret.
        store.removeLocation(id, location);
        QFile tokens(path);
        QVERIFY(tokens.open(QIODevice::ReadOnly));
        QVERIFY(!tokens.readAll().contains("file-secret"));
        QVERIFY(!S3Settings::resolve(location)); // no keys any more
        store.remove(id);
    }

    // With a keyring: the secret goes there, and at the next start the location waits for it.
    void keyringKeepsTheSecretAndJobsWaitForIt()
    {
        MemoryKeyring keyring;
        Keyring::setInstance(&keyring);
        const QString location = QStringLiteral("s3://backups/keyring/node1");
        QString id;
        {
            NodeStore store;
            id = store.save({QString(), QStringLiteral("n1"), QStringLiteral("10.0.0.5:8808"), {}, 24});
            LocationDialog dialog(QStringLiteral("n1"), &store);
            dialog.show();
            fillS3(dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"),
                   QStringLiteral("keyring/node1"), QStringLiteral("AKIDRING"), QStringLiteral("ring-secret"));
            waitForKeyringCheck(dialog);
            QVERIFY(dialog.keyringAvailable());
            QVERIFY2(field<QLabel>(dialog, "keyringLabel")->text().contains(QStringLiteral("system keyring")),
                     qPrintable(field<QLabel>(dialog, "keyringLabel")->text()));
            QVERIFY(!field<QCheckBox>(dialog, "secretFileCheck")->isVisible());
            QCOMPARE(dialog.s3Settings().secretIn, S3Location::Secret::Keyring);
            store.addS3Location(id, dialog.location(), dialog.s3Settings(), dialog.secretKey());
            QTRY_COMPARE(keyring.secrets.value(Keyring::keyFor(location, QStringLiteral("AKIDRING"))),
                         QStringLiteral("ring-secret"));
        }
        S3Settings::setOverrides({}, location);
        keyring.hold = true;
        NodeStore store;
        QSignalSpy ready(&store, &NodeStore::locationReady);
        QVERIFY(store.isReadingKeyring(location));
        QCOMPARE(S3Settings::overrides(location).secretKey, QString()); // not registered yet
        keyring.release();
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(ready.first().first().toString(), location);
        QVERIFY(!store.isReadingKeyring(location));
        auto settings = S3Settings::resolve(location);
        QVERIFY2(settings, qPrintable(errorOf(settings)));
        QCOMPARE(settings->secretKey, QStringLiteral("ring-secret"));
        store.remove(id);
        QTRY_VERIFY(keyring.secrets.isEmpty());
    }

    // In the window: Add location… with S3, the chain read off the GUI thread and its error shown,
    // no folder to open; while the keyring is read, the chain waits and takes no job.
    void s3LocationInTheWindow()
    {
        MemoryKeyring keyring;
        Keyring::setInstance(&keyring);
        const QString location = QStringLiteral("s3://backups/window/node1");
        QString id;
        {
            MainWindow window;
            id = window.nodeStore()->save({QString(), QStringLiteral("n1"), QStringLiteral("127.0.0.1:1"), {}, 24});
            window.selectNode(id);
            window.show();
            QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("addLocationButton")), Qt::LeftButton);
            auto *dialog = window.findChild<LocationDialog *>(QStringLiteral("locationDialog"));
            QVERIFY(dialog);
            QTRY_VERIFY(dialog->isVisible());
            fillS3(*dialog, QStringLiteral("http://127.0.0.1:1"), QStringLiteral("backups"),
                   QStringLiteral("window/node1"), QStringLiteral("AKIDWIN"), QStringLiteral("win-secret"));
            waitForKeyringCheck(*dialog);
            QTest::mouseClick(okButton(*dialog), Qt::LeftButton);
            QCOMPARE(window.currentLocation(), location);
            auto *status = window.findChild<QLabel *>(QStringLiteral("chainStatus"));
            QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Cannot read this chain")), 30000);
            QVERIFY2(status->text().contains(QStringLiteral("Cannot connect to the S3 endpoint http://127.0.0.1:1")),
                     qPrintable(status->text()));
            auto *open = window.findChild<QPushButton *>(QStringLiteral("openFolderButton"));
            QVERIFY(!open->isEnabled());
            QVERIFY(open->toolTip().contains(QStringLiteral("S3")));
            QVERIFY(window.findChild<QPushButton *>(QStringLiteral("backupButton"))->isEnabled());
            QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("verifyButton"))->isEnabled());
            QSettings().setValue(QStringLiteral("window/currentNode"), id);
        }
        // The next start reads the secret first: meanwhile the chain says so and takes no job.
        keyring.hold = true;
        MainWindow window;
        window.show();
        window.selectNode(id);
        window.selectLocation(location);
        auto *status = window.findChild<QLabel *>(QStringLiteral("chainStatus"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("Reading the keyring")), qPrintable(status->text()));
        QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("backupButton"))->isEnabled());
        QSignalSpy reloaded(&window, &MainWindow::chainsReloaded);
        keyring.release();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Cannot connect to the S3 endpoint")), 30000);
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("backupButton"))->isEnabled());
        QCOMPARE(S3Settings::overrides(location).secretKey, QStringLiteral("win-secret"));
        window.nodeStore()->remove(id);
    }
};

QTEST_MAIN(TestLocationDialog)
#include "tst_locationdialog.moc"
