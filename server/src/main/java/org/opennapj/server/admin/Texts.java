package org.opennapj.server.admin;

import java.util.List;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Shown;

/** How operator commands quote what they were sent: reasons and echoed arguments. */
final class Texts {

    /** Longest argument echoed back in a refusal. */
    private static final int MAX_SHOWN = 64;

    private Texts() {
    }

    /** An argument as a refusal echoes it: cut after {@link #MAX_SHOWN} characters. */
    static String shown(String s) {
        return Shown.cut(s, MAX_SHOWN);
    }

    /** Field {@code index} (empty if missing) as a reason: cut to max_reason characters, no double quotes. */
    static String reason(ServerCore core, List<String> f, int index) {
        return reason(core, f.size() > index ? f.get(index) : "");
    }

    /** A reason as a client's would be stored: cut to max_reason characters, no double quotes. */
    static String reason(ServerCore core, String text) {
        String r = text.replace('"', '\'');
        int max = core.config().integer("max_reason");
        return max > 0 && r.length() > max ? r.substring(0, max) : r;
    }
}
