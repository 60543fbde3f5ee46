package org.opennapj.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static String opennapNgForm(String salt, String password) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((salt + password).getBytes(StandardCharsets.ISO_8859_1));
        return "1," + salt + "," + Base64.getEncoder().withoutPadding().encodeToString(md5);
    }

    @Test
    void aWrappedValueIsKnownAsComingFromTheSameOpennapNgSalt() throws Exception {
        String form = opennapNgForm("abcdEFGH", "secret");
        String wrapped = PasswordHash.wrapOpennapNg(form, 1000);
        assertThat(PasswordHash.verify("secret", wrapped)).isTrue();
        assertThat(PasswordHash.wrappedFromSameSalt(wrapped, form)).isTrue();
        assertThat(PasswordHash.wrappedFromSameSalt(wrapped, opennapNgForm("zzzzEFGH", "secret"))).isFalse();
        assertThat(PasswordHash.wrappedFromSameSalt(PasswordHash.create("secret", 1000), form)).isFalse();
        assertThat(PasswordHash.wrappedFromSameSalt(wrapped, "not a form")).isFalse();
    }
}
