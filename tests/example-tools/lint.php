<?php
// Checks that PHP files compile, all in one process: before PHP 8.3 (Debian 12 ships 8.2),
// `php -l` checks one file per run, and one run per file is slow. `opcache_compile_file` compiles
// a file without running it, as `php -l` does, and reports the same errors.
//
// Usage: php -d opcache.enable_cli=1 lint.php FILE...
// Prints `FILE:LINE: MESSAGE` for each file that does not compile (PHP prints the message of a
// fatal compile error itself), and exits with 1 if any does not.
if (!function_exists('opcache_compile_file') || !ini_get('opcache.enable_cli')) {
    fwrite(STDERR, "lint.php needs PHP's OPcache, enabled: php -d opcache.enable_cli=1 lint.php ...\n");
    exit(2);
}
$failed = false;
foreach (array_slice($argv, 1) as $file) {
    try {
        if (!opcache_compile_file($file)) {
            echo "$file:?: does not compile\n";
            $failed = true;
        }
    } catch (ParseError $error) {
        echo "$file:{$error->getLine()}: {$error->getMessage()}\n";
        $failed = true;
    }
}
exit($failed ? 1 : 0);
