import { Logger } from '@nestjs/common';

// Expected failures (retries, refused logins) would flood the test output; EDO_TEST_LOGS=1 shows them.
if (process.env.EDO_TEST_LOGS !== '1') Logger.overrideLogger(false);
