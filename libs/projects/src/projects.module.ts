import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProjectAccessService } from './projects/project-access.service';
import { Project, ProjectSchema } from './projects/project.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: Project.name, schema: ProjectSchema }])],
  providers: [ProjectAccessService],
  exports: [ProjectAccessService, MongooseModule],
})
export class ProjectsModule {}
