package longrun

import (
	"testing"

	"github.com/dockguard/dockguard/lint/imageref"
)

func TestCommand(t *testing.T) {
	for _, tc := range []struct {
		values      []string
		server, job string
	}{
		{[]string{"gunicorn -b 0.0.0.0:8000 app:app"}, "gunicorn", ""},
		{[]string{"/usr/local/bin/uvicorn", "main:app"}, "uvicorn", ""},
		{[]string{"python", "-m", "uvicorn", "main:app"}, "uvicorn", ""},
		{[]string{"sh", "-c", "python manage.py migrate && exec gunicorn app.wsgi"}, "gunicorn", "manage.py migrate"},
		{[]string{"nginx", "-g", "daemon off;"}, "nginx", ""},
		{[]string{"npm start"}, "npm start", ""},
		{[]string{"npm", "run", "start:prod"}, "npm start:prod", ""},
		{[]string{"node server.js"}, "node server.js", ""},
		{[]string{"node", "--enable-source-maps", "dist/server.js"}, "node dist/server.js", ""},
		{[]string{"node", "dist/server/index.js"}, "", ""},
		{[]string{"python3", "server.py"}, "python3 server.py", ""},
		{[]string{"yarn", "run", "serve"}, "yarn serve", ""},
		{[]string{"ng", "serve", "--host", "0.0.0.0"}, "ng serve", ""},
		{[]string{"/seed/generate-votes.sh"}, "", "/seed/generate-votes.sh"},
		{[]string{"node index.js"}, "", ""},
		{[]string{"java", "-Xmx512m", "-jar", "/app.jar"}, "java -jar", ""},
		{[]string{"bundle exec rails s -b 0.0.0.0"}, "rails s", ""},
		{[]string{"php-fpm8.2", "-F"}, "php-fpm", ""},
		{[]string{"php artisan serve"}, "artisan serve", ""},
		{[]string{"docker-entrypoint.sh", "postgres"}, "postgres", ""},
		{[]string{"psql -h db -U postgres -f seed.sql"}, "", ""},
		{[]string{"gosu app redis-server --appendonly yes"}, "redis-server", ""},
		{[]string{"./wait-for-it.sh db:5432 -- npm test"}, "", "npm test"},
		{[]string{"pytest", "-x", "tests/"}, "", "pytest"},
		{[]string{"go test ./..."}, "", "go test"},
		{[]string{"npm run test:e2e"}, "", "npm test:e2e"},
		{[]string{"./run_tests.sh"}, "", "./run_tests.sh"},
		{[]string{"npx prisma migrate deploy"}, "", "prisma migrate"},
		{[]string{"rake db:seed"}, "", "rake db:seed"},
		{[]string{"node seed.js"}, "", "seed.js"},
		{[]string{"sh -c 'test -f /ready && echo ok'"}, "", ""},
		{[]string{"myapp", "--config", "/etc/test.conf"}, "", ""},
		{[]string{"sleep", "infinity"}, "", ""},
		{[]string{"cat", "/tmp/test-secret"}, "", ""},
		{[]string{"echo", "test 2 success"}, "", ""},
		{[]string{"busybox httpd -f -p 8000"}, "httpd", ""},
		{[]string{"celery -A proj worker"}, "", ""},
	} {
		c := Parse(tc.values...)
		if got := c.Server(); got != tc.server {
			t.Errorf("%q: server = %q, want %q", tc.values, got, tc.server)
		}
		if got := c.Job(); got != tc.job {
			t.Errorf("%q: job = %q, want %q", tc.values, got, tc.job)
		}
	}
	for in, want := range map[string]bool{
		"sleep infinity": true, "sh -c 'sleep 86400'": true, "tail -f /dev/null": true, "top": true,
		"/bin/sh -c 'while true; do echo hello; sleep 1; done'": true, "sleep 5": false, "echo hi": false,
	} {
		if got := Parse(in).Idle(); got != want {
			t.Errorf("%q: idle = %v", in, got)
		}
	}
	for in, want := range map[string]bool{
		"echo hello": true, `sh -c "sleep 0.1 && echo world && /bin/false"`: true, `sh -c "exit 1"`: true,
		"cat /run/secrets/x": true, "cat": false, "sleep infinity": false, "gunicorn app": false, "env": true,
		"--providers.docker --entrypoints.web.address=:80": false,
	} {
		if got := Parse(in).Exits(); got != want {
			t.Errorf("%q: exits = %v", in, got)
		}
	}
	if !Parse("-c", "max_connections=200").OnlyOptions() || Parse("postgres", "-c", "x=1").OnlyOptions() {
		t.Error("OnlyOptions")
	}
}

func TestServerImage(t *testing.T) {
	for in, want := range map[string]string{
		"nginx:1.27": "nginx", "bitnami/redis:7": "bitnami/redis", "php:8.3-apache": "php", "php:8.3-cli": "",
		"python:3.12": "", "ghcr.io/acme/postgres:16": "ghcr.io/acme/postgres", "alpine": "",
		"tiangolo/uvicorn-gunicorn-fastapi:python3.9": "tiangolo/uvicorn-gunicorn-fastapi", "mysql-client:8": "",
		"nginxinc/nginx-unprivileged:1.27": "nginxinc/nginx-unprivileged", "redis-commander": "redis-commander",
	} {
		ref, err := imageref.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := ServerImage(ref); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}
