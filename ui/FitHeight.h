#pragma once

class QWidget;

namespace tidemark::ui {

/// Grows a shown dialog to the height its layout needs at its width, so word-wrapped labels that
/// grew (a keyring's state, an error) are not cut off; never shrinks it. Nothing while hidden.
void fitHeight(QWidget &dialog);

} // namespace tidemark::ui
