package secrets

import "testing"

func TestName(t *testing.T) {
	for _, c := range []struct {
		name   string
		secret bool
	}{
		// words
		{"DB_PASSWORD", true},
		{"GITHUB_TOKEN", true},
		{"apiKey", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"LDAP_ROOT_PASS", true},
		{"CLIENT_SECRET", true},
		// glued compounds
		{"LDAP_ROOTPASS", true},
		{"ROOTPASS", true},
		{"DBPASS", true},
		{"MYSQL_DBPASS", true},
		{"ADMINPWD", true},
		{"DB_ADMINPWD", true},
		{"APIKEY", true},
		{"MY_APIKEY", true},
		{"SECRETKEY", true},
		{"AWSSECRETKEY", true},
		{"AUTHTOKEN", true},
		{"SLACKAUTHTOKEN", true},
		{"DBPASSWORD", true},
		{"WEBPASSWORD", true},
		{"MYSECRET", true},
		{"GITHUBTOKEN", true},
		{"KEYSTORE_STOREPASS", true},
		{"ROOTPW", true},
		{"LICENSEKEY", true},
		{"ldapRootPass", true},
		// a qualifier glued to the word before the stem
		{"LDAPROOT_PASS", true},
		{"SMTP_PASS", true},
		{"MONGODB_PASS", true},
		{"DB_PW", true},
		{"OAUTH_KEY", true},
		// English words that contain a stem
		{"PASSPORT", false},
		{"PASSPORT_STRATEGY", false},
		{"BYPASS", false},
		{"BYPASS_CACHE", false},
		{"PROXY_BYPASS", false},
		{"COMPASS", false},
		{"COMPASS_VERSION", false},
		{"PASSTHROUGH", false},
		{"PASSTHROUGH_MODE", false},
		{"PASSIVE", false},
		{"FTP_PASSIVE_PORTS", false},
		{"SURPASS", false},
		{"TRESPASS", false},
		{"KEEPASS", false},
		{"KEEPASSXC_VERSION", false},
		{"KEYBOARD", false},
		{"KEYBOARD_LAYOUT", false},
		{"XKB_KEYMAP", false},
		{"MONKEY", false},
		{"TURNKEY", false},
		{"HOTKEY", false},
		{"KEYRING", false},
		{"TOKENIZER", false},
		{"TOKENIZERS_PARALLELISM", false},
		{"TOKENIZER_NAME", false},
		{"PASSWORDLESS_LOGIN", false},
		{"OLDPWD", false},
		{"PWD", false},
		{"FIRST_PASS", false},
		{"PROXY_PASS", false},
		{"NGINX_PROXY_PASS", false},
		{"WEB_PASS_THROUGH", false},
		{"GIT_PASS_HELPER", false},
		{"GETPWD", false},
		{"GIT_CREDENTIAL_HELPER", false},
		{"PASSWORD_GENERATOR", false},
		{"CHECKPWD", false},
		{"SSH_PASSPHRASE", true},
		{"KEYPASSPHRASE", true},
		{"ROOT_PWD", true},
		{"PASS", false},
		{"KEY", false},
		{"SORT_KEY", false},
		{"PRIMARY_KEY", false},
		{"SERVER_KEY", false},
		// names that point at a secret, and public keys
		{"LDAP_ROOTPASS_FILE", false},
		{"APIKEY_PATH", false},
		{"DB_PASS_FILE", false},
		{"GPG_KEY", false},
		{"PUBLIC_KEY", false},
		{"SSH_PUBKEY", false},
		{"DOCKER_AUTH_VERSION", false},
		{"OAUTH2_PROXY_VERSION", false},
	} {
		if got := Name(c.name); got != c.secret {
			t.Errorf("Name(%q) = %v, want %v", c.name, got, c.secret)
		}
	}
}

func TestValue(t *testing.T) {
	for _, c := range []struct {
		value, kind string
	}{
		{"AKIAIOSFODNN7EXAMPLE", "an AWS access key"},
		{"ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "a GitHub token"},
		{"postgres://app:s3cr3tpw@db:5432/app", "a URL with a password"},
		{"postgres://app:${PW}@db:5432/app", ""},
		{"-----BEGIN OPENSSH PRIVATE KEY-----", "a private key"},
		{"Zx8Kq2LmN4pR7sT1vW3yB6dF9hJ0gC5e", "a random secret"},
		{`"Zx8Kq2LmN4pR7sT1vW3yB6dF9hJ0gC5e"`, "a random secret"},
		{"0123456789abcdef0123456789abcdef", ""}, // hex: a checksum
		{"postgres", ""},
		{"", ""},
	} {
		if got := Value(c.value); got != c.kind {
			t.Errorf("Value(%q) = %q, want %q", c.value, got, c.kind)
		}
	}
	if got := Format("Zx8Kq2LmN4pR7sT1vW3yB6dF9hJ0gC5e"); got != "" {
		t.Errorf("Format counts entropy: %q", got)
	}
}
