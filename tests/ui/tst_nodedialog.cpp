// The node dialog, driven through its widgets: TLS enables the CA certificate field, a CA file
// that cannot be used is refused with a message naming the field, an InfluxDB 1.x node has no
// TLS, and TLS and retries come back out of entry().
#include "support/TestCertificate.h"
#include "support/WidgetProbe.h"

#include "NodeDialog.h"
#include "NodeStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace tidemark;
using namespace tidemark::ui;

class TestNodeDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_certificate; ///< A real PEM certificate (empty without openssl).

    struct Widgets {
        QComboBox *kind;
        QLineEdit *name;
        QCheckBox *tls;
        QLineEdit *caFile;
        QSpinBox *retries;
        QLabel *problem;
        QPushButton *ok;
    };

    static Widgets widgets(const NodeDialog &dialog)
    {
        return {dialog.findChild<QComboBox *>(QStringLiteral("kindCombo")),
                dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")),
                dialog.findChild<QCheckBox *>(QStringLiteral("tlsCheck")),
                dialog.findChild<QLineEdit *>(QStringLiteral("caFileEdit")),
                dialog.findChild<QSpinBox *>(QStringLiteral("retriesSpin")),
                dialog.findChild<QLabel *>(QStringLiteral("problemLabel")),
                dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)};
    }

    // A named, shown dialog for node "n1" on the default port.
    static void showNamed(NodeDialog &dialog)
    {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(widgets(dialog).name, QStringLiteral("n1"));
        QVERIFY(widgets(dialog).ok->isEnabled());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        if (!TestCertificate::openssl().isEmpty()) {
            QVERIFY2(TestCertificate::make(m_dir.path(), QStringLiteral("ca"), QStringLiteral("IP:127.0.0.1"), &error),
                     qPrintable(error));
            m_certificate = m_dir.filePath(QStringLiteral("ca.crt"));
        }
    }

    void tlsEnablesTheCaField()
    {
        NodeDialog dialog;
        showNamed(dialog);
        const Widgets w = widgets(dialog);
        QVERIFY(w.tls->isVisible());
        QVERIFY(!w.tls->isChecked());
        QVERIFY(!w.caFile->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("caFileBrowseButton"))->isEnabled());
        clickCheckBox(w.tls);
        QVERIFY(w.tls->isChecked());
        QVERIFY(w.caFile->isEnabled());
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("caFileBrowseButton"))->isEnabled());
        // Empty CA field: the system's trusted CAs.
        QVERIFY(w.ok->isEnabled());
        QCOMPARE(dialog.entry().tls, (TlsSettings{true, QString()}));
        clickCheckBox(w.tls);
        QVERIFY(!w.caFile->isEnabled());
        QCOMPARE(dialog.entry().tls, TlsSettings{});
    }

    void unusableCaFileIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("missing-ca.pem"))
                                 << QStringLiteral("CA certificate: '%1' does not exist.")
                                        .arg(m_dir.filePath(QStringLiteral("missing-ca.pem")));
        QTest::newRow("relative") << QStringLiteral("ca.pem")
                                  << QStringLiteral("CA certificate: write the file's absolute path");
        QTest::newRow("directory") << m_dir.path()
                                   << QStringLiteral("CA certificate: '%1' cannot be read").arg(m_dir.path());
        QTest::newRow("not PEM") << m_dir.filePath(QStringLiteral("garbage.pem"))
                                 << QStringLiteral("CA certificate: '%1' holds no PEM certificate.")
                                        .arg(m_dir.filePath(QStringLiteral("garbage.pem")));
        if (::geteuid() != 0) // root reads any file
            QTest::newRow("unreadable") << m_dir.filePath(QStringLiteral("secret.pem"))
                                        << QStringLiteral("CA certificate: '%1' cannot be read")
                                               .arg(m_dir.filePath(QStringLiteral("secret.pem")));
    }

    void unusableCaFileIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        {
            QFile garbage(m_dir.filePath(QStringLiteral("garbage.pem")));
            QVERIFY(garbage.open(QIODevice::WriteOnly | QIODevice::Truncate));
            garbage.write("not a certificate\n");
            QFile secret(m_dir.filePath(QStringLiteral("secret.pem")));
            QVERIFY(secret.open(QIODevice::WriteOnly | QIODevice::Truncate));
            secret.write("-----BEGIN CERTIFICATE-----\n");
            QVERIFY(secret.setPermissions(QFileDevice::Permissions()));
        }
        NodeDialog dialog;
        showNamed(dialog);
        const Widgets w = widgets(dialog);
        clickCheckBox(w.tls);
        QTest::keyClicks(w.caFile, path);
        QVERIFY(!w.ok->isEnabled());
        QVERIFY(w.problem->isVisible());
        QVERIFY2(w.problem->text().startsWith(message), qPrintable(w.problem->text()));
        // Without TLS the field is not used, so it does not block OK.
        clickCheckBox(w.tls);
        QVERIFY(w.ok->isEnabled());
        QVERIFY(!w.problem->isVisible());
    }

    void readableCertificateIsAccepted()
    {
        if (m_certificate.isEmpty())
            QSKIP("the openssl command is not installed (scripts/deps.sh installs it)");
        NodeDialog dialog;
        showNamed(dialog);
        const Widgets w = widgets(dialog);
        clickCheckBox(w.tls);
        w.caFile->setText(m_certificate);
        QVERIFY2(w.ok->isEnabled(), qPrintable(w.problem->text()));
        QCOMPARE(dialog.entry().tls, (TlsSettings{true, m_certificate}));
    }

    void browseFillsTheCaField()
    {
        NodeDialog dialog;
        showNamed(dialog);
        const Widgets w = widgets(dialog);
        clickCheckBox(w.tls);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("caFileBrowseButton")), Qt::LeftButton);
        auto *files = dialog.findChild<QFileDialog *>(QStringLiteral("caFileDialog"));
        QVERIFY(files);
        QTRY_VERIFY(files->isVisible());
        const QString chosen = m_dir.filePath(QStringLiteral("garbage.pem"));
        Q_EMIT files->fileSelected(chosen);
        files->close();
        QCOMPARE(w.caFile->text(), chosen);
        QVERIFY(w.problem->text().contains(QStringLiteral("CA certificate")));
    }

    void influxNodeHasNoTls()
    {
        NodeDialog dialog;
        showNamed(dialog);
        const Widgets w = widgets(dialog);
        clickCheckBox(w.tls);
        w.caFile->setText(m_dir.filePath(QStringLiteral("missing-ca.pem")));
        QVERIFY(!w.ok->isEnabled());
        w.kind->setCurrentIndex(w.kind->findData(static_cast<int>(Manifest::Kind::InfluxDb1)));
        QVERIFY(!w.tls->isVisible());
        QVERIFY(!w.tls->isEnabled());
        QVERIFY(!w.caFile->isVisible());
        QVERIFY(w.retries->isVisible()); // retries serve both kinds
        // Nothing of the hidden TLS rows blocks OK or reaches the entry.
        QVERIFY2(w.ok->isEnabled(), qPrintable(w.problem->text()));
        QCOMPARE(dialog.entry().tls, TlsSettings{});
        w.kind->setCurrentIndex(w.kind->findData(static_cast<int>(Manifest::Kind::Tidemark)));
        QVERIFY(w.tls->isVisible() && w.tls->isEnabled() && w.tls->isChecked());
        QVERIFY(!w.ok->isEnabled());
    }

    void retriesAndTlsRoundTrip()
    {
        NodeDialog dialog;
        const Widgets w = widgets(dialog);
        QCOMPARE(w.retries->minimum(), 0);
        QCOMPARE(w.retries->maximum(), 10);
        QCOMPARE(w.retries->value(), 0);
        NodeEntry entry{QStringLiteral("id-1"), QStringLiteral("n1"), QStringLiteral("10.0.0.5:8808"), {}, 24};
        entry.tls = {true, m_certificate};
        entry.retries = 4;
        dialog.setEntry(entry, "token");
        QVERIFY(w.tls->isChecked());
        QVERIFY(w.caFile->isEnabled());
        QCOMPARE(w.caFile->text(), m_certificate);
        QCOMPARE(w.retries->value(), 4);
        const NodeEntry edited = dialog.entry();
        QCOMPARE(edited.id, QStringLiteral("id-1"));
        QCOMPARE(edited.tls, entry.tls);
        QCOMPARE(edited.retries, 4);
        w.retries->setValue(11);
        QCOMPARE(dialog.entry().retries, 10);
    }
};

QTEST_MAIN(TestNodeDialog)
#include "tst_nodedialog.moc"
