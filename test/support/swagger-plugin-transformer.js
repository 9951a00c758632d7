// Runs the @nestjs/swagger CLI plugin under ts-jest, so tests see the same OpenAPI document as builds.
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
// Bump when the options change, to invalidate ts-jest's cache.
module.exports.version = 1;
module.exports.factory = (compilerService) =>
  transformer.before(
    { introspectComments: true, classValidatorShim: true, dtoFileNameSuffix: ['.dto.ts', '.response.ts'] },
    compilerService.program,
  );
