import { Controller, Get, Header, Inject } from '@nestjs/common';
import { SensorRegister, type PublicSensor } from '../application/sensor-register.js';

/**
 * The public transparency register: what each lamppost sensor measures, why, on what legal
 * ground and until when (after Amsterdam's sensor register). No token needed: it is for
 * residents, and it holds nothing but what the municipality publishes.
 */
@Controller('register')
export class RegisterController {
  constructor(@Inject(SensorRegister) private readonly register: SensorRegister) {}

  @Get('sensors')
  @Header('Cache-Control', 'public, max-age=60')
  async sensors(): Promise<{ generatedAt: string; count: number; sensors: PublicSensor[] }> {
    const sensors = await this.register.publicSensors();
    return { generatedAt: new Date().toISOString(), count: sensors.length, sensors };
  }
}
