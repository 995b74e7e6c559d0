// SPDX-License-Identifier: MIT
#include "command_check_memo.h"

namespace stagecraft {

CommandCheck &CommandCheckMemo::add(const InstructionShell &shell, bool ships)
{
    CommandCheck &check = m_checks[&shell].emplace_back();
    check.ships = ships;
    return check;
}

std::vector<QuickFix> relocated(std::vector<QuickFix> fixes, uint32_t from, uint32_t to)
{
    for (QuickFix &fix : fixes) {
        for (TextEdit &edit : fix.edits)
            edit.range = relocated(edit.range, from, to);
    }
    return fixes;
}

} // namespace stagecraft
