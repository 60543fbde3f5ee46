package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageTypeTest {

    /** Every numeric with an entry in napster.txt (section 3) and opennap-extensions.txt. */
    private static final int[] SPEC_CODES = {
        0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        100, 102, 110,
        200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221,
        300, 301, 302, 303, 310, 316, 320, 321, 322, 323, 324, 325, 326, 330, 332, 333,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 420, 421, 422, 423, 424, 425, 430, 431, 432,
        500, 501,
        600, 601, 602, 603, 604, 605, 606, 607, 608, 609, 610, 611, 612, 613, 614, 615, 616, 617, 618, 619,
        620, 621, 622, 623, 624, 625, 626, 627, 628, 629, 640, 641, 642, 650, 651, 652,
        700, 701, 702, 703, 748, 750, 751, 752, 753, 770, 771,
        800, 801, 805, 810, 811, 820, 821, 822, 823, 824, 825, 826, 827, 828, 829, 830, 831, 870,
        900, 901, 920,
        10000, 10010, 10011, 10012, 10013, 10014, 10018, 10019, 10020, 10021, 10022, 10023, 10024,
        10100, 10101, 10110, 10111, 10112, 10115, 10116, 10117, 10118, 10119, 10120, 10121, 10122, 10123, 10124,
        10200, 10203, 10204, 10205, 10206, 10207, 10208, 10209, 10210, 10211, 10212, 10213, 10214,
        10300, 10301, 10302,
    };

    @Test
    void catalogueHoldsExactlyTheSpecNumerics() {
        Set<Integer> catalogued = Arrays.stream(MessageType.values()).map(MessageType::code)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> spec = Arrays.stream(SPEC_CODES).boxed().collect(Collectors.toCollection(TreeSet::new));
        assertThat(spec).hasSize(SPEC_CODES.length);
        assertThat(catalogued).isEqualTo(spec);
    }

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (MessageType t : MessageType.values()) {
            assertThat(seen.add(t.code())).as("%s duplicates %d", t, t.code()).isTrue();
        }
    }

    @Test
    void ofFindsEveryConstant() {
        for (MessageType t : MessageType.values()) {
            assertThat(MessageType.of(t.code())).isSameAs(t);
            assertThat(MessageType.isKnown(t.code())).isTrue();
        }
    }

    @Test
    void ofReturnsNullForEverythingElse() {
        Set<Integer> known = Arrays.stream(SPEC_CODES).boxed().collect(Collectors.toSet());
        for (int code = -1000; code <= 70000; code++) {
            if (!known.contains(code)) {
                assertThat(MessageType.of(code)).as("code %d", code).isNull();
                assertThat(MessageType.isKnown(code)).isFalse();
            }
        }
        assertThat(MessageType.of(Integer.MIN_VALUE)).isNull();
        assertThat(MessageType.of(Integer.MAX_VALUE)).isNull();
        assertThat(MessageType.of(1)).isNull();
        assertThat(MessageType.of(749)).isNull();
        assertThat(MessageType.of(38915)).isNull(); // a big-endian 920 read little-endian
    }

    @Test
    void everyConstantHasANameLabelAndDirection() {
        for (MessageType t : MessageType.values()) {
            assertThat(t.name()).matches("[A-Z][A-Z0-9_]*");
            assertThat(t.label()).isNotBlank();
            assertThat(t.direction()).isNotNull();
            assertThat(t.isOpenNapExtension()).isEqualTo(t.code() >= 10000);
        }
    }

    @Test
    void unnamedSpecNumericsAreUnknownConstants() {
        for (int code : new int[] {310, 602, 650, 651, 770, 771, 805, 811}) {
            assertThat(MessageType.of(code).name()).isEqualTo("UNKNOWN_" + code);
        }
    }

    @Test
    void serverToServerNumericsArePeer() {
        for (int code : new int[] {10000, 10010, 10011, 10013, 10014, 10018, 10019, 10020, 10021, 10022, 10023, 10024}) {
            assertThat(MessageType.of(code).direction()).as("%d", code).isEqualTo(Direction.PEER);
        }
        assertThat(Arrays.stream(MessageType.values()).filter(t -> t.direction() == Direction.PEER))
                .allMatch(t -> t.code() >= 10000 && t.code() < 10100);
    }

    @Test
    void directionsFollowTheSpec() {
        assertThat(MessageType.LOGIN.direction()).isEqualTo(Direction.CLIENT);
        assertThat(MessageType.LOGIN_ACK.direction()).isEqualTo(Direction.SERVER);
        assertThat(MessageType.PRIVATE_MESSAGE.direction()).isEqualTo(Direction.BOTH);
        assertThat(MessageType.STATS.direction()).isEqualTo(Direction.BOTH);
        assertThat(MessageType.LIST_CHANNELS.direction()).isEqualTo(Direction.BOTH);
        assertThat(MessageType.MOTD.direction()).isEqualTo(Direction.BOTH);
        assertThat(MessageType.NOTICE.direction()).isEqualTo(Direction.SERVER);
        assertThat(MessageType.SEARCH.direction()).isEqualTo(Direction.CLIENT);
        assertThat(MessageType.BETA_PRELOGIN.direction()).isEqualTo(Direction.CLIENT);
        assertThat(MessageType.SERVER_STATS.direction()).isEqualTo(Direction.BOTH);
        assertThat(MessageType.HISTOGRAM_END.direction()).isEqualTo(Direction.SERVER);
    }

    @Test
    void labelsAreTheSpecWords() {
        assertThat(MessageType.LOGIN.label()).isEqualTo("login");
        assertThat(MessageType.SEARCH_RESULT.label()).isEqualTo("search response");
        assertThat(MessageType.WHOIS.label()).isEqualTo("whois request");
        assertThat(MessageType.SHARE_MEDIA.label()).isEqualTo("share generic media file");
    }

    @Test
    void requiredNamesHaveTheirCodes() {
        Map<String, Integer> required = new LinkedHashMap<>();
        Object[] pairs = {
            "ERROR", 0, "LOGIN", 2, "LOGIN_ACK", 3, "VERSION_CHECK", 4, "AUTO_UPGRADE", 5, "NEW_USER_LOGIN", 6,
            "NICK_CHECK", 7, "NICK_NOT_REGISTERED", 8, "NICK_ALREADY_REGISTERED", 9, "INVALID_NICK", 10,
            "PASSWORD_CHECK", 11, "PASSWORD_CHECK_OK", 12, "ECHO", 13, "LOGIN_OPTIONS", 14, "SHARE_FILE", 100,
            "UNSHARE_FILE", 102, "UNSHARE_ALL", 110, "SEARCH", 200, "SEARCH_RESULT", 201, "SEARCH_END", 202,
            "DOWNLOAD_REQUEST", 203, "DOWNLOAD_ACK", 204, "PRIVATE_MESSAGE", 205, "DOWNLOAD_ERROR", 206,
            "HOTLIST_ADD", 207, "HOTLIST_INITIAL", 208, "USER_SIGNON", 209, "USER_SIGNOFF", 210, "BROWSE", 211,
            "BROWSE_ENTRY", 212, "BROWSE_END", 213, "STATS", 214, "RESUME_SEARCH", 215, "RESUME_RESULT", 216,
            "RESUME_END", 217, "DOWNLOADING", 218, "DOWNLOAD_COMPLETE", 219, "UPLOADING", 220,
            "UPLOAD_COMPLETE", 221, "OPTIONAL_PORTS", 300, "HOTLIST_ACK", 301, "HOTLIST_ERROR", 302,
            "HOTLIST_REMOVE", 303, "UNKNOWN_310", 310, "DISCONNECT", 316, "IGNORE_LIST", 320, "IGNORE_ENTRY", 321,
            "IGNORE_ADD", 322, "IGNORE_REMOVE", 323, "NOT_IGNORED", 324, "ALREADY_IGNORED", 325,
            "IGNORE_CLEAR", 326, "JOIN", 400, "PART", 401, "PUBLIC_MESSAGE_SEND", 402, "PUBLIC_MESSAGE", 403,
            "NOTICE", 404, "JOIN_ACK", 405, "USER_JOINED", 406, "USER_PARTED", 407, "CHANNEL_USER", 408,
            "CHANNEL_USER_END", 409, "CHANNEL_TOPIC", 410, "FIREWALLED_DOWNLOAD", 500,
            "FIREWALLED_DOWNLOAD_ACK", 501, "LINK_SPEED_REQUEST", 600, "LINK_SPEED", 601, "WHOIS", 603,
            "WHOIS_RESPONSE", 604, "WHOWAS", 605, "CHANGE_LEVEL", 606, "UPLOAD_REQUEST", 607, "UPLOAD_ACCEPT", 608,
            "ACCEPT_FAILED", 609, "KILL", 610, "NUKE", 611, "BAN", 612, "SET_DATA_PORT", 613, "UNBAN", 614,
            "BAN_LIST", 615, "BAN_ENTRY", 616, "LIST_CHANNELS", 617, "CHANNEL_ENTRY", 618, "QUEUE_LIMIT", 619,
            "QUEUE_LIMIT_NOTICE", 620, "MOTD", 621, "MUZZLE", 622, "UNMUZZLE", 623, "DATA_PORT_ERROR", 626,
            "OPERATOR_MESSAGE", 627, "GLOBAL_MESSAGE", 628, "DIRECT_BROWSE_REQUEST", 640,
            "DIRECT_BROWSE_ACCEPT", 641, "DIRECT_BROWSE_ERROR", 642, "CHANGE_LINK_SPEED", 700,
            "CHANGE_PASSWORD", 701, "CHANGE_EMAIL", 702, "CHANGE_DATA_PORT", 703, "LOGIN_ATTEMPT", 748,
            "SERVER_PING", 750, "PING", 751, "PONG", 752, "SHARE_DIRECTORY", 870, "BETA_PRELOGIN", 920,
            "SHARE_MEDIA", 10300, "SERVER_STATS", 10115, "HISTOGRAM", 10123, "HISTOGRAM_END", 10124,
        };
        for (int i = 0; i < pairs.length; i += 2) {
            required.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        assertThat(required).hasSize(108);
        required.forEach((name, code) ->
                assertThat(MessageType.valueOf(name).code()).as(name).isEqualTo(code));
    }
}
