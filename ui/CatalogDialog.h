#pragma once

#include "retention/Catalog.h"

#include <QDialog>
#include <QString>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace tidemark::ui {

class CatalogReader;

/// The catalog of one location (Catalog… in the chain pane): every chain of the directory or S3
/// prefix that holds a chain, as `tidemark-cli list` shows it, one row each: Chain, Node, Kind,
/// Links, First, Last (local time), Size, Stored (zstd, encrypted), Last verify (its record
/// beside the chain: ok or FAILED and when, or never). A chain whose times could not be read (an
/// encrypted one without its key, a damaged one) has a warning icon and the reason as its
/// tooltip; leftovers of interrupted writers are in the tooltip too. The chain shown in the
/// window is in bold. Below: the totals (chains, bytes).
///
/// The catalog is read off the GUI thread (CatalogReader) when the dialog opens and on Refresh;
/// Retention… asks for the retention dialog over the catalog just read (retentionRequested()).
/// Object names: catalogTable, catalogStatus, catalogTotals, refreshButton, retentionButton.
class CatalogDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(CatalogDialog)

public:
    enum Column {
        ChainColumn,
        NodeColumn,
        KindColumn,
        LinksColumn,
        FirstColumn,
        LastColumn,
        SizeColumn,
        StoredColumn,
        VerifiedColumn,
        DrilledColumn,
        ColumnCount
    };

    /// The catalog of `location` (a directory or an S3 prefix, see ChainLocation); `shownChain`
    /// (a chain there, or empty) is drawn in bold.
    CatalogDialog(const QString &location, const QString &shownChain, QWidget *parent = nullptr);
    ~CatalogDialog() override;

    [[nodiscard]] QString location() const { return m_location; }
    /// Reads the catalog again (the dialog's Refresh).
    void refresh();
    [[nodiscard]] bool isReading() const;
    /// The catalog last read, nullopt while the first read runs or when it failed.
    [[nodiscard]] const std::optional<Catalog> &catalog() const;
    [[nodiscard]] QTreeWidget *table() const { return m_table; }

    /// What a row shows of `chain` in `column`, as the table writes it (tests compare with it).
    [[nodiscard]] static QString cellText(const CatalogChain &chain, Column column);
    /// "zstd, encrypted", "plain" or "–" (unknown).
    [[nodiscard]] static QString storedText(const CatalogChain &chain);
    /// "✔ ok DATE", "✖ FAILED DATE" or "never".
    [[nodiscard]] static QString verifiedText(const CatalogChain &chain);
    /// The same for the last restore drill (`tidemark-cli drill`).
    [[nodiscard]] static QString drilledText(const CatalogChain &chain);

Q_SIGNALS:
    /// A read ended and the table shows it (or the error).
    void refreshed();
    /// Retention…: open the retention dialog over `catalog` (the one shown).
    void retentionRequested(const tidemark::Catalog &catalog);

private:
    void showCatalog(bool ok);

    QString m_location;
    QString m_shownChain;
    CatalogReader *m_reader;
    QLabel *m_status;
    QTreeWidget *m_table;
    QLabel *m_totals;
    QPushButton *m_refreshButton;
    QPushButton *m_retentionButton;
};

} // namespace tidemark::ui
