package org.opennapj.protocol;

/**
 * The catalogue of numerics: every message type in napster.txt and opennap-extensions.txt, with
 * the spec's name for it and who sends it.
 *
 * <p>A numeric that client and server both send, even with different formats (e.g. 214: empty from
 * the client, {@code <users> <files> <size>} from the server), is one constant with
 * {@link Direction#BOTH}. The spec's "???" numerics are catalogued as {@code UNKNOWN_<code>} unless
 * the spec says enough to name them. Being catalogued says nothing about whether the server
 * implements a numeric.
 */
public enum MessageType {

    // --- login and registration ---------------------------------------------------------------
    /** {@code <message>}; sent during login only, then the connection closes. */
    ERROR(0, "error message", Direction.SERVER),
    /** {@code <nick> <password> <port> "<client-info>" <link-type> [<num>]}. */
    LOGIN(2, "login", Direction.CLIENT),
    /** {@code <email>}. */
    LOGIN_ACK(3, "login ack", Direction.SERVER),
    /** {@code <version>}; the official Windows client hangs unless it is answered. */
    VERSION_CHECK(4, "version check", Direction.CLIENT),
    /** {@code <version> <hostname:filename>}; makes the Windows client download and run a file. Never send it. */
    AUTO_UPGRADE(5, "auto-upgrade", Direction.SERVER),
    /** {@code <nick> <pass> <port> "<client-info>" <speed> <email-address>}. */
    NEW_USER_LOGIN(6, "new user login", Direction.CLIENT),
    /** {@code <nick>}; answered with 8, 9 or 10. */
    NICK_CHECK(7, "nick check", Direction.CLIENT),
    /** Empty. */
    NICK_NOT_REGISTERED(8, "nickname not registered", Direction.SERVER),
    /** Empty. */
    NICK_ALREADY_REGISTERED(9, "nickname already registered", Direction.SERVER),
    /** Empty. */
    INVALID_NICK(10, "invalid nickname", Direction.SERVER),
    /** "???" in the spec: {@code <nick> <pass>}, answered with 12. */
    PASSWORD_CHECK(11, "??? (nick and password check)", Direction.CLIENT),
    /** "???" in the spec: empty, the answer to 11. */
    PASSWORD_CHECK_OK(12, "??? (answer to 11)", Direction.SERVER),
    /** {@code <numeric>: [args]}; echo of commands received before login. */
    ECHO(13, "echo", Direction.SERVER),
    /** {@code NAME:%s ADDRESS:%s CITY:%s ...}. */
    LOGIN_OPTIONS(14, "login options", Direction.CLIENT),

    // --- sharing --------------------------------------------------------------------------------
    /** {@code "<filename>" <md5> <size> <bitrate> <frequency> <time>}. */
    SHARE_FILE(100, "client notification of shared file", Direction.CLIENT),
    /** {@code <filename>}. */
    UNSHARE_FILE(102, "remove file", Direction.CLIENT),
    /** Empty. */
    UNSHARE_ALL(110, "unshare all files", Direction.CLIENT),

    // --- search, download, private messages, hotlist, browse --------------------------------------
    /** {@code [FILENAME CONTAINS "..."] MAX_RESULTS <max> ...}. */
    SEARCH(200, "client search request", Direction.CLIENT),
    /** {@code "<filename>" <md5> <size> <bitrate> <frequency> <length> <nick> <ip> <link-type> [weight]}. */
    SEARCH_RESULT(201, "search response", Direction.SERVER),
    /** Empty. */
    SEARCH_END(202, "end of search response", Direction.SERVER),
    /** {@code <nick> "<filename>"}. */
    DOWNLOAD_REQUEST(203, "download request", Direction.CLIENT),
    /** {@code <nick> <ip> <port> "<filename>" <md5> <linespeed>}. */
    DOWNLOAD_ACK(204, "download ack", Direction.SERVER),
    /** {@code <nick> <message>}, both ways. */
    PRIVATE_MESSAGE(205, "private message", Direction.BOTH),
    /** {@code <nick> "<filename>"}. */
    DOWNLOAD_ERROR(206, "get error", Direction.SERVER),
    /** {@code <user>}. */
    HOTLIST_ADD(207, "add hotlist entry", Direction.CLIENT),
    /** {@code <user>}; the initial hotlist sent during login. */
    HOTLIST_INITIAL(208, "hotlist", Direction.CLIENT),
    /** {@code <user> <speed>}. */
    USER_SIGNON(209, "user signon", Direction.SERVER),
    /** {@code <user>}. */
    USER_SIGNOFF(210, "user signoff", Direction.SERVER),
    /** {@code <nick>}. */
    BROWSE(211, "browse a user's files", Direction.CLIENT),
    /** {@code <nick> "<filename>" <md5> <size> <bitrate> <frequency> <time>}. */
    BROWSE_ENTRY(212, "browse response", Direction.SERVER),
    /** {@code <nick> [ip]}. */
    BROWSE_END(213, "end of browse list", Direction.SERVER),
    /** Client: empty. Server: {@code <users> <# files> <size>}. */
    STATS(214, "server stats", Direction.BOTH),
    /** {@code <checksum> <filesize>}. */
    RESUME_SEARCH(215, "request resume", Direction.CLIENT),
    /** {@code <user> <ip> <port> <filename> <checksum> <size> <speed>}. */
    RESUME_RESULT(216, "resume search response", Direction.SERVER),
    /** Empty. */
    RESUME_END(217, "end of resume search list", Direction.SERVER),
    /** Empty. */
    DOWNLOADING(218, "downloading file", Direction.CLIENT),
    /** Empty. */
    DOWNLOAD_COMPLETE(219, "download complete", Direction.CLIENT),
    /** Empty. */
    UPLOADING(220, "uploading file", Direction.CLIENT),
    /** Empty. */
    UPLOAD_COMPLETE(221, "upload complete", Direction.CLIENT),
    /** {@code <port>}. */
    OPTIONAL_PORTS(300, "optional ports", Direction.CLIENT),
    /** {@code <user>}. */
    HOTLIST_ACK(301, "hotlist ack", Direction.SERVER),
    /** {@code <user>}. */
    HOTLIST_ERROR(302, "hotlist error", Direction.SERVER),
    /** {@code <user>}; no answer. */
    HOTLIST_REMOVE(303, "remove user from hotlist", Direction.CLIENT),
    /** "???" in the spec. Client: empty. Server: {@code 0}. */
    UNKNOWN_310(310, "??? (server answers 0)", Direction.BOTH),
    /** Client: empty. Server: {@code 0}, just before it disconnects the client. */
    DISCONNECT(316, "client disconnect", Direction.BOTH),

    // --- ignore list ------------------------------------------------------------------------------
    /** Client: empty. Server: {@code <count>}, ending the 321 list. */
    IGNORE_LIST(320, "user ignore list", Direction.BOTH),
    /** {@code <user>}. */
    IGNORE_ENTRY(321, "user ignore list entry", Direction.SERVER),
    /** {@code <user>}; the server acks with the same. */
    IGNORE_ADD(322, "add user to ignore list", Direction.BOTH),
    /** {@code <user>}; marked [CLIENT] but the server acks with the same numeric. */
    IGNORE_REMOVE(323, "remove user from ignore list", Direction.BOTH),
    /** {@code <user>}. */
    NOT_IGNORED(324, "user is not ignored", Direction.SERVER),
    /** {@code <user>}. */
    ALREADY_IGNORED(325, "user is already ignored", Direction.SERVER),
    /** Client: empty. Server: {@code <count>}. */
    IGNORE_CLEAR(326, "clear ignore list", Direction.BOTH),
    /** No format given. */
    BLOCKED_IP_LIST(330, "blocked ip list", Direction.CLIENT),
    /** No format given. */
    BLOCK_IP(332, "block ip", Direction.CLIENT),
    /** No format given. */
    UNBLOCK_IP(333, "unblock ip", Direction.CLIENT),

    // --- channels ---------------------------------------------------------------------------------
    /** {@code <channel-name>}. */
    JOIN(400, "join channel", Direction.CLIENT),
    /** {@code <channel-name>}; the server may send it unrequested. */
    PART(401, "part channel", Direction.BOTH),
    /** {@code <channel> <message>}. */
    PUBLIC_MESSAGE_SEND(402, "send public message", Direction.CLIENT),
    /** {@code <channel> <nick> <text>}. */
    PUBLIC_MESSAGE(403, "public message", Direction.SERVER),
    /** {@code <text>}; the general error/notice message once logged in. */
    NOTICE(404, "error message", Direction.SERVER),
    /** {@code <channel>}. */
    JOIN_ACK(405, "join acknowledge", Direction.SERVER),
    /** {@code <channel> <user> <sharing> <link-type>}. */
    USER_JOINED(406, "join message", Direction.SERVER),
    /** {@code <channel> <nick> <sharing> <linespeed>}. */
    USER_PARTED(407, "user parted channel", Direction.SERVER),
    /** Same format as 406. */
    CHANNEL_USER(408, "channel user list entry", Direction.SERVER),
    /** {@code <channel>}. */
    CHANNEL_USER_END(409, "end of channel user list", Direction.SERVER),
    /** {@code <channel> <topic>}, both ways. */
    CHANNEL_TOPIC(410, "channel topic", Direction.BOTH),
    /** {@code <channel>}; from the server it ends the 421 list. */
    CHANNEL_BAN_LIST(420, "channel ban list", Direction.BOTH),
    /** No format given. */
    CHANNEL_BAN_ENTRY(421, "channel ban list entry", Direction.SERVER),
    /** {@code <channel> <user|ip> ["<reason>"]}. */
    CHANNEL_BAN(422, "channel ban", Direction.CLIENT),
    /** {@code <channel> <user|ip> ["<reason>"]}. */
    CHANNEL_UNBAN(423, "channel unban", Direction.CLIENT),
    /** {@code <channel>}. */
    CHANNEL_BAN_CLEAR(424, "channel ban clear", Direction.CLIENT),
    /** {@code <message>}. */
    CHANNEL_MOTD(425, "channel motd", Direction.SERVER),
    /** Client: {@code <nick> <channel>}. Server: {@code <nick> <channel> "<topic>" <digit> <text>}. */
    INVITE(430, "invite a user", Direction.BOTH),
    /** {@code <user> <channel>}. */
    INVITE_ACCEPTED(431, "invitation accepted", Direction.CLIENT),
    /** A copy of the 430 received. */
    INVITE_DECLINED(432, "invitation declined", Direction.CLIENT),

    // --- firewalled transfers, user info, administration -------------------------------------------
    /** {@code <nick> "<filename>"}. */
    FIREWALLED_DOWNLOAD(500, "alternate download request", Direction.CLIENT),
    /** {@code <nick> <ip> <port> "<filename>" <md5> <speed>}. */
    FIREWALLED_DOWNLOAD_ACK(501, "alternate download ack", Direction.SERVER),
    /** {@code <nick>}. */
    LINK_SPEED_REQUEST(600, "request user's link speed", Direction.CLIENT),
    /** {@code <nick> <linespeed>}. */
    LINK_SPEED(601, "link speed response", Direction.SERVER),
    /** "???" in the spec; the server answers with a 404. */
    UNKNOWN_602(602, "??? (server answers with a 404)", Direction.CLIENT),
    /** {@code <nick>}. */
    WHOIS(603, "whois request", Direction.CLIENT),
    /** {@code <nick> "<user-level>" <time> "<channels>" "<status>" <shared> <downloads> <uploads> <link-type> "<client-info>" [...]}. */
    WHOIS_RESPONSE(604, "whois response", Direction.SERVER),
    /** {@code <user> <level> <last-seen>}. */
    WHOWAS(605, "whowas response", Direction.SERVER),
    /** {@code <nick> <level>}. */
    CHANGE_LEVEL(606, "change user level", Direction.CLIENT),
    /** {@code <nick> "<filename>" <speed>}. */
    UPLOAD_REQUEST(607, "upload request", Direction.SERVER),
    /** {@code <nick> "<filename>"}. */
    UPLOAD_ACCEPT(608, "accept upload request", Direction.CLIENT),
    /**
     * {@code <nick> "<filename>"}. Marked [SERVER]; opennap-ng also takes it from the uploading
     * client (refusing a 607) and relays it to the downloader, hence BOTH.
     */
    ACCEPT_FAILED(609, "accept failed", Direction.BOTH),
    /** {@code <nick> ["<reason>"]}. */
    KILL(610, "kill (disconnect) a user", Direction.CLIENT),
    /** {@code <nick>}. */
    NUKE(611, "nuke a user", Direction.CLIENT),
    /** {@code <nick|ip> ["<reason>" [timeout]]}. */
    BAN(612, "ban user", Direction.CLIENT),
    /** Client: {@code <user> <port>}. Server: {@code <port>}. */
    SET_DATA_PORT(613, "set data port for user", Direction.BOTH),
    /** {@code <nick|ip> ["<reason>"]}. */
    UNBAN(614, "unban user", Direction.CLIENT),
    /** Client: empty request. Server: empty, ending the 616 list. */
    BAN_LIST(615, "show bans for server", Direction.BOTH),
    /** {@code <ip> <nick> "<reason>" <time> <n>}. */
    BAN_ENTRY(616, "ip ban list entry", Direction.SERVER),
    /** Client: empty request. Server: empty, ending the 618 list. */
    LIST_CHANNELS(617, "list channels", Direction.BOTH),
    /** {@code <channel-name> <number-of-users> <topic>}. */
    CHANNEL_ENTRY(618, "channel list entry", Direction.SERVER),
    /** {@code <nick> "<filename>" <n>}. */
    QUEUE_LIMIT(619, "queue limit", Direction.CLIENT),
    /** {@code <nick> "<filename>" <filesize> <digit>}. */
    QUEUE_LIMIT_NOTICE(620, "queue limit", Direction.SERVER),
    /** Client: empty request. Server: one line of the motd. */
    MOTD(621, "message of the day", Direction.BOTH),
    /** {@code <nick> ["<reason>"]}. */
    MUZZLE(622, "muzzle a user", Direction.CLIENT),
    /** {@code <nick> ["<reason>"]}. */
    UNMUZZLE(623, "unmuzzle a user", Direction.CLIENT),
    /** {@code <user>}. */
    UNNUKE(624, "un-nuke a user", Direction.CLIENT),
    /** {@code <user> <speed>}. */
    CHANGE_USER_LINK_SPEED(625, "change a user's linespeed", Direction.CLIENT),
    /** {@code <user>}; relayed to the uploader with the downloader's nick. */
    DATA_PORT_ERROR(626, "data port error", Direction.BOTH),
    /** Client: {@code <text>}. Server: {@code <nick> <text>}. */
    OPERATOR_MESSAGE(627, "operator message", Direction.BOTH),
    /** Client: {@code <text>}. Server: {@code <nick> <text>}. */
    GLOBAL_MESSAGE(628, "global message", Direction.BOTH),
    /** {@code <nick>}; a banned nick in the ban list. */
    BANNED_USERS(629, "banned users", Direction.SERVER),
    /** Client: {@code <nick>}. Server: {@code <nick> [ip port]}. */
    DIRECT_BROWSE_REQUEST(640, "direct browse request", Direction.BOTH),
    /** Client: {@code <nick>}. Server: {@code <nick> <ip> <port>}. */
    DIRECT_BROWSE_ACCEPT(641, "direct browse accept", Direction.BOTH),
    /** {@code <nick> "message"}. */
    DIRECT_BROWSE_ERROR(642, "direct browse error", Direction.SERVER),
    /** "???" in the spec: permission denied. */
    UNKNOWN_650(650, "??? (permission denied)", Direction.CLIENT),
    /** "???" in the spec: permission denied. */
    UNKNOWN_651(651, "??? (permission denied)", Direction.CLIENT),
    /** Makes the sender invisible. */
    CLOAK(652, "cloak user", Direction.CLIENT),
    /** {@code <speed>}. */
    CHANGE_LINK_SPEED(700, "change link speed", Direction.CLIENT),
    /** {@code <password>}. */
    CHANGE_PASSWORD(701, "change user password", Direction.CLIENT),
    /** {@code <email address>}. */
    CHANGE_EMAIL(702, "change email address", Direction.CLIENT),
    /** {@code <port>}. */
    CHANGE_DATA_PORT(703, "change data port", Direction.CLIENT),
    /** Sent to a logged-in user when someone else tries to log in with the same nick. */
    LOGIN_ATTEMPT(748, "login attempt", Direction.SERVER),
    /** Server: empty. Client: {@code <user>}. */
    SERVER_PING(750, "server ping", Direction.BOTH),
    /** {@code <user>}. */
    PING(751, "ping user", Direction.BOTH),
    /** {@code <user>}. */
    PONG(752, "pong response", Direction.BOTH),
    /** {@code <user> <password> "<reason>"}. */
    CHANGE_USER_PASSWORD(753, "change password for another user", Direction.CLIENT),
    /** "???" in the spec: permission denied. */
    UNKNOWN_770(770, "??? (permission denied)", Direction.CLIENT),
    /** "???" in the spec: permission denied. */
    UNKNOWN_771(771, "??? (permission denied)", Direction.CLIENT),
    /** {@code <config variable>}. */
    RELOAD_CONFIG(800, "reload config", Direction.CLIENT),
    /** Empty. */
    SERVER_VERSION(801, "server version", Direction.CLIENT),
    /** "???" in the spec (no direction given): permission denied. */
    UNKNOWN_805(805, "??? (permission denied)", Direction.CLIENT),
    /** {@code <config string>}. */
    SET_CONFIG(810, "set config", Direction.CLIENT),
    /** "???" in the spec: permission denied. */
    UNKNOWN_811(811, "??? (permission denied)", Direction.CLIENT),
    /** {@code <channel>}. */
    CLEAR_CHANNEL(820, "clear channel", Direction.CLIENT),
    /** Client: {@code <user> <server> <port>}. Server: {@code <server> <port>}. */
    REDIRECT(821, "redirect client to another server", Direction.BOTH),
    /** Client: {@code <user> <metaserver>}. Server: {@code <metaserver>}. */
    CYCLE(822, "cycle client", Direction.BOTH),
    /** {@code <channel> <level>}. */
    SET_CHANNEL_LEVEL(823, "set channel level", Direction.CLIENT),
    /** Client: {@code <channel> "<text>"}. Server: {@code <channel> <user> "<text>"}. */
    EMOTE(824, "emote", Direction.BOTH),
    /** {@code <channel> <user> <files shared> <speed>}. */
    USER_LIST_ENTRY(825, "user list entry", Direction.SERVER),
    /** {@code <channel> <limit>}. */
    CHANNEL_LIMIT(826, "channel limit", Direction.CLIENT),
    /** Client: empty request. Server: empty, ending the 828 list. */
    SHOW_ALL_CHANNELS(827, "show all channels", Direction.BOTH),
    /** {@code <channel> <users> <n1> <level> <limit> "<topic>"}. */
    ALL_CHANNELS_ENTRY(828, "channel list", Direction.SERVER),
    /** {@code <channel> <user> ["<reason>"]}. */
    KICK(829, "kick user from channel", Direction.CLIENT),
    /** Client: {@code <channel>}. Server: empty, ending the 825 list. */
    LIST_USERS(830, "list users in channel", Direction.BOTH),
    /** Permission denied on napster.com. */
    GLOBAL_USER_LIST(831, "global user list", Direction.CLIENT),
    /** {@code "<directory>" "<file>" <md5> <size> <bitrate> <freq> <duration> [...]}. */
    SHARE_DIRECTORY(870, "add files by directory", Direction.CLIENT),
    /** {@code <ip> <port> <data>}. */
    CONNECTION_TEST(900, "connection test", Direction.SERVER),
    /** {@code <port> <timeout> <data>}. */
    LISTEN_TEST(901, "listen test", Direction.SERVER),
    /**
     * "???" in the spec: {@code 1}, sent by Napster 2.0 beta 8+ before login. Beta 10.3+ sends it
     * big-endian, which is how {@link Framing#detectOrder} recognises such clients.
     */
    BETA_PRELOGIN(920, "??? (sent by the beta clients before login)", Direction.CLIENT),

    // --- OpenNap server-to-server --------------------------------------------------------------------
    /** {@code <nick>}. */
    CLIENT_QUIT(10000, "client quit", Direction.PEER),
    /** {@code <server-name> <nonce> <compression>}. */
    SERVER_LOGIN(10010, "server login", Direction.PEER),
    /** {@code <hash-response>}. */
    SERVER_LOGIN_ACK(10011, "server login ack", Direction.PEER),
    /** Empty. (opennap-ng's own source uses 10012 between servers for a user's sharing count.) */
    REQUEST_LINK_LIST(10012, "request server link list", Direction.CLIENT),
    /** {@code <user> <ip> <port> <server>}; deprecated. */
    USER_IP(10013, "user ip", Direction.PEER),
    /** {@code :<server> <user> <password-hash> <email> <level> <created> <last-seen>} (opennap-ng's order). */
    REGISTRATION_INFO(10014, "registration info", Direction.PEER),
    /** {@code :<sender> <recip> <message>}, the message being a complete frame. */
    ENCAPSULATED_MESSAGE(10018, "encapsulated message", Direction.PEER),
    /** {@code <server> <port> <server> <port> <hops>}. */
    SERVER_LINK_INFO(10019, "server link info", Direction.PEER),
    /** {@code :<server> <server> "<reason>"}. */
    SERVER_QUIT(10020, "server quit", Direction.PEER),
    /** {@code :<server> <loglevel> "<message>"}. */
    NOTIFY_MODS(10021, "notify mods", Direction.PEER),
    /** {@code :<server> <recip> [args]}. */
    SERVER_PONG(10022, "server to server pong", Direction.PEER),
    /** {@code <time>}. */
    TIME_CHECK(10023, "time check", Direction.PEER),
    /** {@code :<sender> <target>}. */
    REMOTE_WHOIS_NOTIFICATION(10024, "remote whois notification", Direction.PEER),

    // --- OpenNap administration ----------------------------------------------------------------------
    /** {@code <server> [<remote_server>]}. */
    SERVER_CONNECT(10100, "server connect", Direction.CLIENT),
    /** {@code <server> <reason> ["<remote-server>"]}. */
    SERVER_DISCONNECT(10101, "server disconnect", Direction.CLIENT),
    /** {@code <server> "<reason>"}. */
    KILL_SERVER(10110, "kill server", Direction.CLIENT),
    /** {@code <server> "<reason>"}; deprecated. */
    REMOVE_SERVER(10111, "remove server", Direction.CLIENT),
    /** Client: empty. Server: {@code <host> <host> <hops>}, ended by an empty 10112. */
    SHOW_SERVER_LINKS(10112, "show server links", Direction.BOTH),
    /** Client: empty. Server: {@code <clients> <servers> <files> <gigs> <channels> <time> <uptime> <memory> <numusers>}. */
    SERVER_STATS(10115, "show server stats", Direction.BOTH),
    /** Deprecated in favour of 750 (opennap-ng reuses 10116 for search cache stats). */
    SERVER_PING_DEPRECATED(10116, "server ping (deprecated)", Direction.CLIENT),
    /** {@code [server]}. */
    REHASH(10117, "rehash (reload) configuration files", Direction.CLIENT),
    /** Client: empty. Server: {@code "<version>" <count>}, ended by an empty 10118. */
    CLIENT_VERSION_STATS(10118, "display client information statistics", Direction.BOTH),
    /** {@code <user>}. */
    WHICH_SERVER(10119, "display which server a user is on", Direction.CLIENT),
    /** Empty. */
    PING_ALL_SERVERS(10120, "ping all peer servers", Direction.CLIENT),
    /** {@code <nick>}; not to be confused with the 605 whowas response. */
    WHO_WAS_REQUEST(10121, "who was", Direction.CLIENT),
    /** {@code <ip> ["reason"]}. */
    MASS_KILL(10122, "mass kill by ip", Direction.CLIENT),
    /** Client: empty. Server: {@code <numeric> <count> <bytes>}. */
    HISTOGRAM(10123, "server command histogram", Direction.BOTH),
    /** {@code <last_unknown> <unknown_count> <unknown_bytes> <total_count> <total_bytes>}. */
    HISTOGRAM_END(10124, "end server histogram", Direction.SERVER),
    /** {@code <user> <password> <email> [level]}: an Admin registers a nick. */
    REGISTER_USER(10200, "register a user", Direction.CLIENT),
    /** {@code [-]{ALL,MUZZLE,BAN,KILL,PORT,WALLOP} [...]}. */
    SET_USER_MODE(10203, "set user mode", Direction.CLIENT),
    /** {@code <channel> <user> [user ...]}. */
    SET_CHANNEL_OP(10204, "set channel op", Direction.CLIENT),
    /** {@code <channel> <user> [user ...]}. */
    REMOVE_CHANNEL_OP(10205, "remove channel op", Direction.CLIENT),
    /** {@code <channel>}. */
    CHANNEL_OP_LIST(10206, "channel op list", Direction.CLIENT),
    /** {@code <channel> ["<reason>"]}. */
    DROP_CHANNEL(10207, "drop channel", Direction.CLIENT),
    /** {@code <channel> <message>}. */
    CHANNEL_OPS_MESSAGE(10208, "send message to channel ops", Direction.CLIENT),
    /** {@code <channel> [(+|-)PRIVATE|MODERATED|INVITE|TOPIC]}. */
    CHANNEL_MODE(10209, "change channel mode", Direction.BOTH),
    /** {@code <channel> <user>}. */
    CHANNEL_INVITE(10210, "invite user to a channel", Direction.BOTH),
    /** {@code <channel> [user [user ...]]}. */
    CHANNEL_VOICE(10211, "give voice to speak in moderated channel", Direction.CLIENT),
    /** {@code <channel> [user [user ...]]}. */
    CHANNEL_UNVOICE(10212, "remove voice to speak in moderated channel", Direction.CLIENT),
    /** {@code <channel> <user> ["reason"]}. */
    CHANNEL_MUZZLE(10213, "muzzle a user in a specific channel", Direction.CLIENT),
    /** {@code <channel> <user> ["reason"]}. */
    CHANNEL_UNMUZZLE(10214, "unmuzzle a user in specific channel", Direction.CLIENT),

    // --- OpenNap generic media ---------------------------------------------------------------------
    /** {@code "<filename>" <size> <md5> <major-content-type>}. */
    SHARE_MEDIA(10300, "share generic media file", Direction.CLIENT),
    /** {@code <nick>}; deprecated. */
    NEW_BROWSE(10301, "new browse", Direction.CLIENT),
    /**
     * {@code <nick> "<path>" <filename> <md5> <size> <bitrate> <frequency> <time> [...]}; deprecated.
     * Marked [CLIENT] in the extension doc, but it is the answer to 10301 (opennap-ng names it a
     * server message), hence SERVER.
     */
    NEW_BROWSE_RESULT(10302, "new browse result", Direction.SERVER);

    private static final MessageType[] BY_CODE;

    static {
        int max = 0;
        for (MessageType t : values()) {
            max = Math.max(max, t.code);
        }
        BY_CODE = new MessageType[max + 1];
        for (MessageType t : values()) {
            if (BY_CODE[t.code] != null) {
                throw new ExceptionInInitializerError("numeric " + t.code + " catalogued twice: "
                        + BY_CODE[t.code] + " and " + t);
            }
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String label;
    private final Direction direction;

    MessageType(int code, String label, Direction direction) {
        this.code = code;
        this.label = label;
        this.direction = direction;
    }

    /** The numeric on the wire. */
    public int code() {
        return code;
    }

    /** The spec's name for the message, e.g. "login" or "search response". */
    public String label() {
        return label;
    }

    /** Who sends it. */
    public Direction direction() {
        return direction;
    }

    /** Whether this is an OpenNap extension numeric (10000 and up), which some clients cannot handle. */
    public boolean isOpenNapExtension() {
        return code >= 10000;
    }

    /** The catalogued type with this numeric, or {@code null}. Constant time. */
    public static MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Whether the numeric is catalogued. */
    public static boolean isKnown(int code) {
        return of(code) != null;
    }
}
