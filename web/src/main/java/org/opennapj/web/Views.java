package org.opennapj.web;

import java.util.List;
import org.opennapj.server.chat.Channels.ChannelView;
import org.opennapj.server.link.Links.LinkView;

/** What the templates show: plain values copied from the core on its thread. */
public final class Views {

    private Views() {
    }

    /** The header of every page: who is signed in, the form token, the last action's result. */
    public record Nav(String serverName, String nick, boolean moderator, String csrf, String notice, String error) {
    }

    /** The public status page. */
    public record Status(String version, int users, long files, long gigabytes, String uptime, int registered,
            List<ChannelView> channels, List<LinkView> links, List<String> motd) {
    }

    /** A signed-in account's own page. */
    public record AccountPage(String nick, String email, String level, String registered) {
    }

    /** An online user with its whois details, for moderators. */
    public record UserRow(String nick, String level, String ip, String client, int files, int speed, String since,
            boolean muzzled, String server, String channels) {
    }

    /** A server ban. */
    public record BanRow(String target, String setBy, String reason, String set, String expires) {
    }

    /** The moderators' page. */
    public record Moderation(List<UserRow> users, List<BanRow> bans, List<ChannelView> channels, List<String> levels) {
    }
}
