export * from './projects.module';
export * from './projects/project-access.service';
export * from './projects/project.schema';
